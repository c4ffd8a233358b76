// generateSyntheticManifests as a whole: determinism, options, counts and the YAML it emits. The
// policies, the workloads and editOnePolicy have their own syntheticCluster.*.test.ts files.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { generateSyntheticManifests, NAMESPACES_FILE, POLICIES_FILE, toYaml, type YamlMap } from './syntheticCluster';
import { bodies, cluster, docsOf, isObj, policiesOf, SIZES, workloadCount } from './syntheticClusterChecks';

describe('generateSyntheticManifests', () => {
  it('is deterministic: same seed, byte-identical; other seed, different text', () => {
    const a = generateSyntheticManifests({ workloads: 100, seed: 7 });
    const b = generateSyntheticManifests({ workloads: 100, seed: 7 });
    expect(b).toEqual(a);
    const c = generateSyntheticManifests({ workloads: 100, seed: 8 });
    expect(c.files.map((f) => f.text).join('')).not.toBe(a.files.map((f) => f.text).join(''));
    for (let i = 0; i < a.files.length; i++) {
      const other = c.files.find((f) => f.path === a.files[i]?.path);
      expect(other?.text).not.toBe(a.files[i]?.text);
    }
    const big1 = cluster(1000, 3);
    const big2 = generateSyntheticManifests({ workloads: 1000, seed: 3 });
    expect(big2.files).toEqual(big1.files);
  });

  it('rejects nonsense options', () => {
    expect(() => generateSyntheticManifests({ workloads: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateSyntheticManifests({ workloads: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateSyntheticManifests({ workloads: 10, seed: 1, policiesPerWorkload: -1 })).toThrow(RangeError);
  });

  it.each(SIZES)('produces the requested counts at %i workloads', (n) => {
    const { files, stats } = cluster(n, 11);
    const docs = docsOf(n, 11);
    expect(stats.workloads).toBe(n);
    expect(stats.policies).toBe(Math.round(n * 0.5));
    expect(stats.namespaces).toBeGreaterThanOrEqual(Math.max(3, Math.round(n / 25)));
    expect(stats.namespaces).toBeLessThanOrEqual(Math.max(3, Math.round(n / 25)) + 3);
    expect(docs.filter((d) => d['kind'] === 'Namespace')).toHaveLength(stats.namespaces);
    expect(policiesOf(docs)).toHaveLength(stats.policies);
    expect(workloadCount(docs)).toBe(stats.workloads);
    expect(files.map((f) => f.path)).toContain(NAMESPACES_FILE);
    expect(files.map((f) => f.path)).toContain(POLICIES_FILE);
    expect(files.filter((f) => f.path.startsWith('workloads-'))).toHaveLength(Math.ceil(n / 500));
  });

  it('honours policiesPerWorkload', () => {
    expect(generateSyntheticManifests({ workloads: 200, seed: 5, policiesPerWorkload: 2 }).stats.policies).toBe(400);
    const none = generateSyntheticManifests({ workloads: 200, seed: 5, policiesPerWorkload: 0 });
    expect(none.stats.policies).toBe(0);
    expect(none.files.find((f) => f.path === POLICIES_FILE)?.text).not.toMatch(/kind: NetworkPolicy/);
    expect(generateSyntheticManifests({ workloads: 5, seed: 5 }).stats).toMatchObject({ workloads: 5, namespaces: 3, policies: 3 });
  });

  it.each(SIZES)('emits YAML that parses without errors or warnings at %i workloads', (n) => {
    for (const file of cluster(n, 11).files) {
      const documents = parseAllDocuments(file.text);
      expect(Array.isArray(documents), file.path).toBe(true);
      if (!Array.isArray(documents)) continue;
      expect(documents.length).toBe(bodies(file.text).length);
      for (const document of documents) {
        expect(document.errors, file.path).toEqual([]);
        expect(document.warnings, file.path).toEqual([]);
        expect(isObj(document.toJS())).toBe(true);
      }
    }
  });

  it('round-trips: every document re-emits to the same text', () => {
    for (const file of cluster(100, 11).files) {
      for (const body of bodies(file.text)) expect(toYaml(parse(body) as YamlMap)).toBe(body);
    }
  });
});
