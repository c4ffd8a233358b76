// Every input folder of the shared conformance data loads: list cases without any error and
// with every workload their expected output names; error cases either fail here (the ones
// about reading) or load without throwing (policy validation is the engine's part).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifestPaths } from './loadManifestPaths';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const conformanceDir = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');
const available = existsSync(join(conformanceDir, 'netpol-analyzer'));

function cases(group: string): string[] {
  const dir = join(conformanceDir, group);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** `ns/name[Kind]` tokens on either side of ` => ` (IP ranges excluded). */
function expectedWorkloadIds(expected: string): Set<string> {
  const result = new Set<string>();
  for (const line of expected.split('\n')) {
    const arrow = line.indexOf(' => ');
    if (arrow < 0) continue;
    const source = line.slice(0, arrow);
    const destination = line.slice(arrow + 4).split(' : ')[0] ?? '';
    for (const endpoint of [source, destination]) if (!endpoint.endsWith('[External]')) result.add(endpoint.trim());
  }
  return result;
}

describe.skipIf(!available)(`conformance inputs (${conformanceDir})`, () => {
  describe('netpol-analyzer list cases', () => {
    for (const name of cases('netpol-analyzer')) {
      it(name, async () => {
        const caseDir = join(conformanceDir, 'netpol-analyzer', name);
        const result = await loadManifestPaths([join(caseDir, 'input')]);
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const loaded = new Set(result.model.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`));
        const missing = [...expectedWorkloadIds(readFileSync(join(caseDir, 'expected.txt'), 'utf8'))].filter((id) => !loaded.has(id));
        expect(missing).toEqual([]);
      });
    }
  });

  describe('netpol-analyzer error cases', () => {
    const expectedCodes: Record<string, string> = {
      'bad_yamls-subdir2': 'no-manifests',
      np_bad_path_test_1: 'duplicate-policy',
    };
    for (const name of cases('netpol-analyzer-errors')) {
      it(name, async () => {
        const result = await loadManifestPaths([join(conformanceDir, 'netpol-analyzer-errors', name, 'input')]);
        const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
        const code = expectedCodes[name];
        // The others are refused by policy validation in electron/engine; here they only load.
        if (code) expect(errors).toContain(code);
        else expect(result.model.policies.length).toBeGreaterThan(0);
      });
    }
  });
});
