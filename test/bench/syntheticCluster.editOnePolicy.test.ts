import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { policyErrors } from './apiServerValidity';
import { editOnePolicy, generateSyntheticManifests, type ManifestFile } from './syntheticCluster';
import { bodies, cluster, type Obj } from './syntheticClusterChecks';

describe('editOnePolicy', () => {
  function policyBodies(files: readonly ManifestFile[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const file of files) {
      for (const body of bodies(file.text)) {
        if (!/^kind: NetworkPolicy$/m.test(body)) continue;
        const meta = (parse(body) as Obj)['metadata'] as Obj;
        out.set(`${String(meta['namespace'])}/${String(meta['name'])}`, body);
      }
    }
    return out;
  }

  it.each([[100, 1], [100, 2], [1000, 3], [1000, 4], [1000, 5]])('changes exactly one policy document (%i workloads, seed %i)', (n, seed) => {
    const before = cluster(n, 11).files;
    const edit = editOnePolicy(before, seed);
    expect(edit.files.map((f) => f.path)).toEqual(before.map((f) => f.path));
    const changedFiles = edit.files.filter((f, i) => f.text !== before[i]?.text);
    expect(changedFiles).toHaveLength(1);
    // Same documents in the same order, exactly one differs, and it is the reported policy.
    const oldDocs = before.flatMap((f) => bodies(f.text));
    const newDocs = edit.files.flatMap((f) => bodies(f.text));
    expect(newDocs).toHaveLength(oldDocs.length);
    const differing = newDocs.map((d, i) => i).filter((i) => newDocs[i] !== oldDocs[i]);
    expect(differing).toHaveLength(1);
    const index = differing[0] as number;
    const edited = parse(newDocs[index] as string) as Obj;
    const original = parse(oldDocs[index] as string) as Obj;
    expect(edited['kind']).toBe('NetworkPolicy');
    expect(edited['metadata']).toEqual(original['metadata']);
    expect(edited['metadata']).toEqual({ name: edit.policy.name, namespace: edit.policy.namespace });
    expect(edited['spec']).not.toEqual(original['spec']);
    expect(policyErrors(edited)).toEqual([]);
    expect(edit.change).not.toBe('');
    // Still a valid stream.
    for (const document of parseAllDocuments(changedFiles[0]?.text ?? '') as unknown as { errors: unknown[] }[]) expect(document.errors).toEqual([]);
    // The policy map agrees.
    const oldPolicies = policyBodies(before);
    const newPolicies = policyBodies(edit.files);
    const changed = [...newPolicies.keys()].filter((k) => newPolicies.get(k) !== oldPolicies.get(k));
    expect(changed).toEqual([`${edit.policy.namespace}/${edit.policy.name}`]);
  });

  it('is deterministic and varies with the seed', () => {
    const files = cluster(1000, 11).files;
    const a = editOnePolicy(files, 42);
    const b = editOnePolicy(files, 42);
    expect(b).toEqual(a);
    const picked = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      const edit = editOnePolicy(files, seed);
      picked.add(`${edit.policy.namespace}/${edit.policy.name}`);
    }
    expect(picked.size).toBeGreaterThan(4);
  });

  it('does not mutate its input and fails clearly without policies', () => {
    const files = generateSyntheticManifests({ workloads: 50, seed: 9 }).files;
    const copy = files.map((f) => ({ ...f }));
    editOnePolicy(files, 1);
    expect(files).toEqual(copy);
    const none = generateSyntheticManifests({ workloads: 50, seed: 9, policiesPerWorkload: 0 }).files;
    expect(() => editOnePolicy(none, 1)).toThrow(/no NetworkPolicy/);
  });
});
