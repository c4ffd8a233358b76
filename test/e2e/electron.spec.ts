// Smoke test of the Electron shell: the real app (`npm run build` output) starts, and its window
// shows the sample drawn as the engine evaluates it. Electron binaries cannot be downloaded on our
// machines, so where none exists this test is skipped and says why; it is never faked.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { edgeLinesOf, engineConnections, repositoryRoot, SAMPLE_PATH } from './expectedConnectivity';
import { CanvasHook } from './pages/canvasHook';

/**
 * Where `require('electron')` would find the binary, without requiring it: requiring the package
 * starts a download when the binary is missing. Honours ELECTRON_OVERRIDE_DIST_PATH as it does.
 */
function electronBinary(): { path: string } | { skipReason: string } {
  const packageDir = join(repositoryRoot, 'node_modules', 'electron');
  if (!existsSync(join(packageDir, 'package.json'))) return { skipReason: 'the electron package is not installed (npm ci)' };
  const pathFile = join(packageDir, 'path.txt');
  const defaultName = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : defaultName;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  if (existsSync(binary)) return { path: binary };
  return {
    skipReason: override
      ? `no Electron binary at ${binary} (ELECTRON_OVERRIDE_DIST_PATH=${override})`
      : `no Electron binary at ${binary}: its download is not possible on this machine and npm does not run Electron's install script; set ELECTRON_OVERRIDE_DIST_PATH to a local Electron dist to run this test`,
  };
}

test('the Electron app starts and its window shows the sample', async () => {
  const found = electronBinary();
  if ('skipReason' in found) {
    console.log(`electron.spec.ts skipped: ${found.skipReason}`);
    test.skip(true, found.skipReason);
    return;
  }
  if (!existsSync(join(repositoryRoot, 'dist', 'main', 'main.cjs'))) {
    execFileSync(process.execPath, [join(repositoryRoot, 'electron', 'build.mjs')], { cwd: repositoryRoot, stdio: 'inherit' });
  }

  const app = await electron.launch({
    executablePath: found.path,
    args: ['--no-sandbox', '--disable-gpu', repositoryRoot],
    cwd: repositoryRoot,
  });
  try {
    const window = await app.firstWindow();
    const problems: string[] = [];
    window.on('pageerror', (error) => problems.push(error.message));
    await expect(window).toHaveTitle(/NetPol Designer/);
    const canvas = new CanvasHook(window);
    await canvas.waitForDrawing();
    await canvas.expectEdgeLines(edgeLinesOf(engineConnections([SAMPLE_PATH])));
    expect(problems).toEqual([]);
  } finally {
    await app.close();
  }
});
