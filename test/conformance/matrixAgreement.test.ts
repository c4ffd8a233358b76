// The connectivity matrix is computed from the rules' side and updated incrementally after an
// edit; these tests check it against the plain rule-by-rule reading (evaluate.ts) on seeded
// synthetic clusters that mix every NetworkPolicy feature.
import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../../electron/common/model';
import type { CompiledModel } from '../../electron/engine/compile';
import { compileModel } from '../../electron/engine/compile';
import type { ConnectivityMatrix } from '../../electron/engine/connectivity';
import { computeConnectivity, updateConnectivity } from '../../electron/engine/connectivity';
import type { Endpoint } from '../../electron/engine/evaluate';
import { evaluatePair } from '../../electron/engine/evaluate';
import { loadManifestTexts } from '../../electron/manifests';
import { editOnePolicy, generateSyntheticManifests } from '../bench/syntheticCluster';

function endpointAt(compiled: CompiledModel, position: number, side: 'source' | 'destination'): Endpoint {
  const workloads = compiled.workloads.length;
  if (position < workloads) return { kind: 'workload', index: position };
  const atoms = side === 'source' ? compiled.sourceAtoms : compiled.destinationAtoms;
  return { kind: 'address', range: atoms[position - workloads]! };
}

function disagreements(matrix: ConnectivityMatrix): string[] {
  const found: string[] = [];
  const compiled = matrix.compiled;
  for (let s = 0; s < matrix.sources.length; s++) {
    for (let d = 0; d < matrix.destinations.length; d++) {
      if (s >= compiled.workloads.length && d >= compiled.workloads.length) continue;
      const direct = evaluatePair(compiled, endpointAt(compiled, s, 'source'), endpointAt(compiled, d, 'destination'));
      const fromMatrix = matrix.connection(s, d);
      if (!direct.equals(fromMatrix)) found.push(`${matrix.sources[s]!.id} => ${matrix.destinations[d]!.id}: matrix ${fromMatrix}, rules ${direct}`);
    }
  }
  return found;
}

function sameCells(a: ConnectivityMatrix, b: ConnectivityMatrix): string[] {
  const found: string[] = [];
  for (let s = 0; s < a.sources.length; s++) {
    for (let d = 0; d < a.destinations.length; d++) {
      if (!a.connection(s, d).equals(b.connection(s, d))) found.push(`${a.sources[s]!.id} => ${a.destinations[d]!.id}: ${a.connection(s, d)} vs ${b.connection(s, d)}`);
    }
  }
  return found;
}

describe('connectivity matrix agrees with rule-by-rule evaluation', () => {
  for (const seed of [1, 2, 3]) {
    it(`synthetic cluster, seed ${seed}`, () => {
      const { files } = generateSyntheticManifests({ workloads: 120, seed });
      const loaded = loadManifestTexts(files);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const matrix = computeConnectivity(compileModel(loaded.model));
      expect(matrix.rows().length).toBeGreaterThan(0);
      expect(disagreements(matrix).slice(0, 10)).toEqual([]);
    });
  }
});

describe('an update after one policy edit equals a full recomputation', () => {
  for (const seed of [4, 5, 6, 7, 8, 9]) {
    it(`synthetic cluster, edit seed ${seed}`, () => {
      const { files } = generateSyntheticManifests({ workloads: 150, seed: 11 });
      const model = loadManifestTexts(files).model;
      const compiled = compileModel(model);
      const before = computeConnectivity(compiled);
      const edit = editOnePolicy(files, seed);
      const editedPolicy = loadManifestTexts(edit.files).model.policies.find((p) => p.namespace === edit.policy.namespace && p.name === edit.policy.name)!;
      const editedModel: ClusterModel = {
        ...model,
        policies: model.policies.map((p) => (p.namespace === edit.policy.namespace && p.name === edit.policy.name ? editedPolicy : p)),
      };
      const updated = updateConnectivity(before, compileModel(editedModel, {}, compiled));
      const full = computeConnectivity(compileModel(editedModel));
      expect(sameCells(updated, full).slice(0, 10)).toEqual([]);
      expect(disagreements(updated).slice(0, 10)).toEqual([]);
    });
  }
});

describe('an update after an edit that moves ipBlock boundaries equals a full recomputation', () => {
  it('adds new address atoms on both sides', () => {
    const { files } = generateSyntheticManifests({ workloads: 150, seed: 12 });
    const model = loadManifestTexts(files).model;
    const compiled = compileModel(model);
    const before = computeConnectivity(compiled);
    const target = model.policies[3]!;
    const edited = {
      ...target,
      spec: {
        ...target.spec,
        policyTypes: ['Ingress', 'Egress'],
        ingress: [...(target.spec.ingress ?? []), { from: [{ ipBlock: { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] } }], ports: [{ port: 8443 }] }],
        egress: [...(target.spec.egress ?? []), { to: [{ ipBlock: { cidr: '2001:db8:5::/48' } }] }],
      },
    };
    const editedModel: ClusterModel = { ...model, policies: model.policies.map((p) => (p === target ? edited : p)) };
    const recompiled = compileModel(editedModel, {}, compiled);
    expect(recompiled.inventoryStamp).toBe(compiled.inventoryStamp);
    expect(recompiled.sourceAtoms.length).toBeGreaterThan(compiled.sourceAtoms.length);
    const updated = updateConnectivity(before, recompiled);
    expect(updated.stats.recomputedColumns).toBeLessThan(updated.destinations.length);
    const full = computeConnectivity(compileModel(editedModel));
    expect(updated.sources.map((e) => e.id)).toEqual(full.sources.map((e) => e.id));
    expect(sameCells(updated, full).slice(0, 10)).toEqual([]);
    expect(disagreements(updated).slice(0, 10)).toEqual([]);
  });
});
