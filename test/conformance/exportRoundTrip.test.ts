// Export must not change what the policies allow: for every shared netpol-analyzer case, the
// exported manifests, read back in place of the original policies, give the same connectivity.
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterModel, PolicyModel } from '../../electron/common/model';
import { analyzeModel } from '../../electron/engine/analysis';
import { loadManifestPaths } from '../../electron/files/loadManifestPaths';
import { loadManifestTexts } from '../../electron/manifests';
import { exportPolicies } from '../../electron/manifests/exportPolicies';
import { caseFolders, conformanceDirectory } from './conformanceRunner';

const cases = caseFolders('netpol-analyzer');

function asWritten(policies: readonly PolicyModel[]): { namespace: string; name: string; spec: PolicyModel['spec'] }[] {
  return policies.map(({ namespace, name, spec }) => ({ namespace, name, spec })).sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
}

describe('exported policies keep the connectivity of every netpol-analyzer case', () => {
  it('has cases to run', () => {
    expect(cases.length, `no cases found under ${conformanceDirectory}/netpol-analyzer`).toBeGreaterThan(0);
  });

  for (const folder of cases) {
    it(basename(folder), async () => {
      const original = await loadManifestPaths([join(folder, 'input')]);
      expect(original.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      const expectedRows = analyzeModel(original.model).connectivity().rows();
      for (const split of [false, true]) {
        const files = exportPolicies(original.model.policies, { split });
        const reloaded = loadManifestTexts(files);
        if (original.model.policies.length > 0) expect(reloaded.diagnostics, `split: ${split}`).toEqual([]);
        expect(asWritten(reloaded.model.policies)).toEqual(asWritten(original.model.policies));
        const model: ClusterModel = { ...original.model, policies: reloaded.model.policies };
        expect(analyzeModel(model).connectivity().rows(), `split: ${split}`).toEqual(expectedRows);
      }
    });
  }
});
