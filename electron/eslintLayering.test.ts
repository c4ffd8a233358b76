// The import arrows of DESIGN.md are enforced by electron/eslint.config.js; these cases make
// sure the rule really fires (and stays quiet on allowed imports).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'electron', 'eslint.config.js') });

async function restricted(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).some((message) => message.ruleId === 'no-restricted-imports');
}

describe('layering rule', () => {
  const cases: [string, string, boolean][] = [
    ['electron/engine/probe.ts', "import { loadManifestTexts } from '../manifests';", true],
    ['electron/engine/probe.ts', "import { readFileSync } from 'node:fs';", true],
    ['electron/engine/probe.ts', "import { parse } from 'yaml';", true],
    ['electron/engine/probe.ts', "import type { ClusterModel } from '../common/model';", false],
    ['electron/manifests/probe.ts', "import { analyzeModel } from '../engine/analysis';", true],
    ['electron/manifests/probe.ts', "import { spawn } from 'node:child_process';", true],
    ['electron/manifests/probe.ts', "import { readFile } from 'node:fs/promises';", true],
    ['electron/files/probe.ts', "import { readFile } from 'node:fs/promises';", false],
    ['electron/files/probe.ts', "import { loadManifestTexts } from '../manifests';", false],
    ['electron/files/probe.ts', "import { analyzeModel } from '../engine/analysis';", true],
    ['electron/engine/probe.ts', "import { loadManifestPaths } from '../files/loadManifestPaths';", true],
    ['electron/common/probe.ts', "import { compileModel } from '../engine/compile';", true],
    ['electron/kubectl/probe.ts', "import { app } from 'electron';", true],
    ['electron/cli/probe.ts', "import { analyzeModel } from '../engine/analysis';", false],
    ['renderer/src/probe.ts', "import { analyzeModel } from '../../electron/engine/analysis';", true],
    ['renderer/src/probe.ts', "import type { ClusterModel } from '../../electron/common/model';", false],
  ];
  for (const [file, source, expected] of cases) {
    it(`${expected ? 'refuses' : 'allows'} in ${file}: ${source}`, async () => {
      expect(await restricted(file, `${source}\nexport {};\n`)).toBe(expected);
    });
  }
});
