// Bundles the Electron main process and the preload into dist/main as CommonJS (the preload
// must be one file: a sandboxed preload cannot require our modules). `electron` stays external.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

const shared = {
  absWorkingDir: repositoryRoot,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22 and Chromium 140.
  target: ['node22', 'chrome140'],
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
};

await Promise.all([
  build({ ...shared, entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.cjs' }),
  build({ ...shared, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/main/preload.cjs' }),
]);
