// `netpol-designer connectivity` as a user runs it on exported files: the files are written to a
// temporary folder and the command line (electron/cli/bin.mjs, what `npx netpol-designer` runs)
// prints its rows. The specs check what a design exported with the tool a CI job would use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from './expectedConnectivity';

/** The `SRC => DST : CONNECTIONS` lines of `netpol-designer connectivity` over these files. */
export function connectivityByCli(files: readonly { name: string; text: string }[]): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'netpol-e2e-cli-'));
  try {
    const paths = files.map((file) => {
      const path = join(folder, file.name);
      writeFileSync(path, file.text);
      return path;
    });
    const stdout = execFileSync(process.execPath, [join(repositoryRoot, 'electron/cli/bin.mjs'), 'connectivity', ...paths], { cwd: repositoryRoot, encoding: 'utf8' });
    return stdout.split('\n').filter((line) => line !== '');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
