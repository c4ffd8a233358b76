// Lint rules, including the layering of DESIGN.md: each folder may import only the layers
// below it, so a wrong import fails `npm test` instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Bare module names are matched by anchored regular expressions: a `group` glob such as
// 'electron' would also match every relative path through a folder of that name
// (`../../electron/common/contract`).
const nodeBuiltins = ['node:.+', 'fs', 'fs/.+', 'path', 'path/.+', 'child_process', 'os', 'http', 'https', 'net', 'url', 'util', 'crypto', 'stream', 'stream/.+', 'process'];
/** A pattern matching exactly the bare module names given (regular-expression fragments). */
function modules(names, message, extra = {}) {
  return { regex: `^(?:${names.join('|')})$`, message, ...extra };
}
const ours = {
  common: '**/common/**',
  files: '**/files/**',
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
      group: [ours[name], `../${name}`, `../../${name}`, `../${name}/*`, `../../${name}/*`, `./${name}/*`],
      message: `DESIGN.md layering: this folder may not import electron/${name}.`,
    })),
    ...extraPatterns,
  ];
  if (pureOfNode) {
    patterns.push(modules([...nodeBuiltins, 'electron'], 'DESIGN.md layering: this layer is pure (no Node, no Electron).'));
  }
  return {
    files,
    ignores: ['**/*.test.ts', ...ignores],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const allButCommon = ['engine', 'manifests', 'files', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'];

// CONVENTIONS 2: raw IPC lives in electron/main/ipc.ts and electron/preload/preload.ts only.
const rawIpc = modules(['electron'], 'use the contract: raw ipcMain/ipcRenderer belong in electron/main/ipc.ts and electron/preload/preload.ts only.', {
  importNames: ['ipcMain', 'ipcRenderer'],
});

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
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  layer(['electron/common/**/*.ts'], allButCommon, { pureOfNode: true, extraPatterns: [modules(['yaml', 'ip-num'], 'common holds plain types only.')] }),
  layer(['electron/engine/**/*.ts'], ['manifests', 'files', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'], { pureOfNode: true, extraPatterns: [modules(['yaml'], 'the engine works on plain data; YAML belongs to electron/manifests.')] }),
  layer(['electron/manifests/**/*.ts'], ['engine', 'files', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'], {
    pureOfNode: true,
    extraPatterns: [modules(['ip-num'], 'manifests parses and writes texts; address maths belongs to electron/engine.')],
  }),
  // files reads and writes the file system for manifests (folders, stdin, atomic saves).
  layer(['electron/files/**/*.ts'], ['engine', 'kubectl', 'backend', 'cli', 'web', 'main', 'preload'], {
    extraPatterns: [modules(['electron', 'child_process', 'node:child_process'], 'files reads and writes files; it runs no process and knows no Electron.')],
  }),
  layer(['electron/kubectl/**/*.ts'], ['engine', 'manifests', 'files', 'backend', 'cli', 'web', 'main', 'preload'], { extraPatterns: [modules(['electron'], 'kubectl knows no Electron.')] }),
  layer(['electron/cli/**/*.ts', 'electron/web/**/*.ts'], ['main', 'preload'], { extraPatterns: [modules(['electron'], 'only electron/main and electron/preload import Electron.')] }),
  // backend composes engine, manifests and kubectl into the contract's handlers; the hosts above it
  // (cli, web, main) import it, never the other way round.
  layer(['electron/backend/**/*.ts'], ['cli', 'web', 'main', 'preload'], { extraPatterns: [modules(['electron'], 'the backend knows no Electron: it is plain async functions.')] }),
  layer(['electron/main/**/*.ts'], ['cli', 'web', 'preload'], { extraPatterns: [rawIpc], ignores: ['electron/main/ipc.ts'] }),
  layer(['electron/main/ipc.ts'], ['cli', 'web', 'preload']),
  layer(['electron/preload/**/*.ts'], ['engine', 'manifests', 'files', 'kubectl', 'backend', 'cli', 'web', 'main'], { extraPatterns: [rawIpc], ignores: ['electron/preload/preload.ts'] }),
  layer(['electron/preload/preload.ts'], ['engine', 'manifests', 'files', 'kubectl', 'backend', 'cli', 'web', 'main']),
  {
    // The renderer's runtime code; renderer/vite.config.ts is a Node build script.
    files: ['renderer/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          modules([...nodeBuiltins, 'electron'], 'the renderer runs in a sandbox: no Node, no Electron.'),
          { group: ['**/electron/engine/**', '**/electron/manifests/**', '**/electron/files/**', '**/electron/kubectl/**', '**/electron/backend/**', '**/electron/cli/**', '**/electron/web/**', '**/electron/main/**', '**/electron/preload/**'], message: 'the renderer talks to the backend through renderer/src/lib/api.ts only.' },
          { group: ['**/electron/common/**'], allowTypeImports: true, message: 'the renderer imports only types from electron/common.' },
        ],
      }],
    },
  },
);
