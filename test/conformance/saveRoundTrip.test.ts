// The save path end to end over the shared corpus: every YAML and JSON file opens and saves
// byte-identical, and a one-field edit of any NetworkPolicy (made on the model, as the app
// makes it) changes only that field's line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetworkPolicySpec, PolicyModel } from '../../electron/common/model';
import { loadManifestTexts } from '../../electron/manifests/loadManifests';
import { planSave } from '../../electron/manifests/saveEdits';
import { conformanceDirectory } from './conformanceRunner';

function manifestFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return manifestFiles(path);
      return /\.(ya?ml|json)$/.test(name) ? [path] : [];
    });
}

/** The lines that differ, after removing the common first and last lines. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

/** Changes the first numeric port by one; returns the old and new numbers, or undefined. */
function bumpFirstPort(spec: NetworkPolicySpec): { from: number; to: number } | undefined {
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const port of rule.ports ?? []) {
      if (typeof port.port === 'number' && port.endPort == null) {
        const from = port.port;
        port.port = from === 65535 ? 65534 : from + 1;
        return { from, to: port.port };
      }
    }
  }
  return undefined;
}

const files = manifestFiles(conformanceDirectory);

describe('saving the shared corpus', () => {
  it('every YAML and JSON file saves byte-identical when nothing was edited', () => {
    expect(files.length).toBeGreaterThan(200);
    let policies = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const loaded = loadManifestTexts([{ path, text }]);
      const edits = loaded.model.policies.map((policy) => ({ type: 'update' as const, policy: { namespace: policy.namespace, name: policy.name }, spec: policy.spec }));
      policies += edits.length;
      const plan = planSave([{ path, text }], edits);
      for (const saved of plan.files) expect(saved.text, path).toBe(text);
    }
    console.log(`save round trip: ${files.length} files, ${policies} policies saved unedited, all byte-identical`);
  });

  it('a one-field edit of any policy changes only that field’s line', () => {
    let edits = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const loaded = loadManifestTexts([{ path, text }]);
      // A policy written twice is refused on save (tested in saveEdits.test.ts).
      if (loaded.diagnostics.some((diagnostic) => diagnostic.code === 'duplicate-policy')) continue;
      for (const policy of loaded.model.policies as PolicyModel[]) {
        const spec = structuredClone(policy.spec);
        const bumped = bumpFirstPort(spec);
        if (!bumped) continue;
        const plan = planSave([{ path, text }], [{ type: 'update', policy: { namespace: policy.namespace, name: policy.name }, spec }]);
        expect(plan.diagnostics, path).toEqual([]);
        const { removed, added } = changedLines(text, plan.files[0]!.text);
        expect([removed.length, added.length], `${path} ${policy.name}`).toEqual([1, 1]);
        expect(removed[0]!.replace(String(bumped.from), String(bumped.to)), `${path} ${policy.name}`).toBe(added[0]);
        edits++;
      }
    }
    console.log(`one-field edits: ${edits} policies had a port changed; each changed exactly one line`);
    expect(edits).toBeGreaterThan(50);
  });
});
