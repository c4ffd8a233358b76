// Lint rules, including the layering of DESIGN.md: each folder may import only the layers
// below it, so a wrong import fails `npm test` instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'http', 'https', 'net', 'url', 'util', 'crypto', 'stream', 'process'];
const ours = {
  common: '**/common/**',
  engine: '**/engine/**',
  manifests: '**/manifests/**',
  kubectl: '**/kubectl/**',
  backend: '**/backend/**',
  cli: '**/cli/**',
  web: '**/web/**',
  main: '**/main/**',
  preload: '**/preload/**',
};

/** Forbid the listed folders of ours and, when `pureOfNode`, every Node built-in and Electron. */
function layer(files, forbiddenLayers, { pureOfNode = false, extraPatterns = [], ignores = [] } = {}) {
  const patterns = [
    ...forbiddenLayers.map((name) => ({
      group: [ours[name], `../${name}/*`, `../../${name}/*`, `./${name}/*`],
      message: `DESIGN.md layering: this folder may not import electron/${name}.`,
    })),
    ...extraPatterns,
  ];
  if (pureOfNode) {
    patterns.push({ group: [...nodeBuiltins, 'electron'], message: 'DESIGN.md layering: this layer is pure (no Node, no Electron).' });
  }
  return {
    files,
    ignores: ['**/*.test.ts', ...ignores],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const allButCommon = ['engine', 'manifests', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'];

// CONVENTIONS 2: raw IPC lives in electron/main/ipc.ts and electron/preload/preload.ts only.
const rawIpc = {
  group: ['electron'],
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'use the contract: raw ipcMain/ipcRenderer belong in electron/main/ipc.ts and electron/preload/preload.ts only.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', '**/*.svelte'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  layer(['electron/common/**/*.ts'], allButCommon, { pureOfNode: true, extraPatterns: [{ group: ['yaml', 'ip-num'], message: 'common holds plain types only.' }] }),
  layer(['electron/engine/**/*.ts'], ['manifests', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'], { pureOfNode: true, extraPatterns: [{ group: ['yaml'], message: 'the engine works on plain data; YAML belongs to electron/manifests.' }] }),
  layer(['electron/manifests/**/*.ts'], ['engine', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'], {
    extraPatterns: [{ group: ['electron', 'child_process', 'node:child_process'], message: 'manifests reads and writes files; it runs no process and knows no Electron.' }],
  }),
  layer(['electron/kubectl/**/*.ts'], ['engine', 'manifests', 'backend', 'cli', 'web', 'main', 'preload'], { extraPatterns: [{ group: ['electron'], message: 'kubectl knows no Electron.' }] }),
  layer(['electron/cli/**/*.ts', 'electron/web/**/*.ts', 'electron/bench/**/*.ts'], ['main', 'preload'], { extraPatterns: [{ group: ['electron'], message: 'only electron/main and electron/preload import Electron.' }] }),
  // backend composes engine, manifests and kubectl into the contract's handlers; the hosts above it
  // (cli, web, main) import it, never the other way round.
  layer(['electron/backend/**/*.ts'], ['cli', 'web', 'main', 'preload'], { extraPatterns: [{ group: ['electron'], message: 'the backend knows no Electron: it is plain async functions.' }] }),
  layer(['electron/main/**/*.ts'], ['cli', 'web', 'preload'], { extraPatterns: [rawIpc], ignores: ['electron/main/ipc.ts'] }),
  layer(['electron/main/ipc.ts'], ['cli', 'web', 'preload']),
  layer(['electron/preload/**/*.ts'], ['engine', 'manifests', 'kubectl', 'backend', 'cli', 'web', 'main'], { extraPatterns: [rawIpc], ignores: ['electron/preload/preload.ts'] }),
  layer(['electron/preload/preload.ts'], ['engine', 'manifests', 'kubectl', 'backend', 'cli', 'web', 'main']),
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, 'electron'], message: 'the renderer runs in a sandbox: no Node, no Electron.' },
          { group: ['**/electron/engine/**', '**/electron/manifests/**', '**/electron/kubectl/**', '**/electron/backend/**', '**/electron/cli/**', '**/electron/web/**', '**/electron/main/**', '**/electron/preload/**'], message: 'the renderer talks to the backend through renderer/src/lib/api.ts only.' },
          { group: ['**/electron/common/**'], allowTypeImports: true, message: 'the renderer imports only types from electron/common.' },
        ],
      }],
    },
  },
);
