import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DesignOperation, DesignSnapshot } from '../common/design';
import type { Design } from '../common/model';
import { canonicalDesign, parseDesign, serializeDesign } from '../manifests/designFile';
import { exportPolicies } from '../manifests/exportPolicies';
import { applyOperation } from './designOperations';
import { emptyDesign } from './designSessions';
import { createBackendHandlers } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'netpol-design-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const handlers = () => createBackendHandlers({ resourcesDir });

async function applyAll(backend: ReturnType<typeof handlers>, snapshot: DesignSnapshot, ...operations: DesignOperation[]): Promise<DesignSnapshot> {
  let current = snapshot;
  for (const operation of operations) current = await backend['design:apply']({ designId: current.designId, operation });
  return current;
}

const lockedDown: DesignOperation[] = [
  { type: 'add-namespace', name: 'a', labels: {} },
  { type: 'add-workload', namespace: 'a', name: 'x', kind: 'Deployment', labels: { app: 'x' }, ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] },
  { type: 'add-workload', namespace: 'a', name: 'y', kind: 'Deployment', labels: { app: 'y' }, ports: [] },
  { type: 'set-default-deny', namespace: 'a', ingress: true, egress: true },
];
const kubeDns: DesignOperation[] = [
  { type: 'add-namespace', name: 'kube-system', labels: {} },
  { type: 'add-workload', namespace: 'kube-system', name: 'coredns', kind: 'Deployment', labels: { 'k8s-app': 'kube-dns' }, ports: [] },
];

/** A design using every kind of object, built by the pure operations. */
function richDesign(): Design {
  const operations: DesignOperation[] = [
    ...lockedDown,
    ...kubeDns,
    { type: 'apply-template', template: 'allow-dns', namespace: 'a' },
    { type: 'add-namespace', name: 'shop', labels: { team: 'web', 'on': 'yes' } },
    { type: 'apply-template', template: 'three-tier-app', namespace: 'shop' },
    { type: 'add-external', name: 'Internet', cidr: '0.0.0.0/0', position: { x: 800, y: 10.5 } },
    { type: 'add-external', name: 'Corporate VPN', cidr: '10.8.0.0/16' },
    { type: 'set-positions', positions: { 'namespace:a': { x: 1, y: -2 }, 'a/x[Deployment]': { x: 3, y: 4 } } },
    { type: 'set-collapsed', namespaces: ['kube-system'] },
  ];
  return operations.reduce((design, operation) => {
    const outcome = applyOperation(design, operation);
    if ('error' in outcome) throw new Error(outcome.error);
    return outcome.design;
  }, emptyDesign());
}

function withoutSources(design: Design): Design {
  const strip = <T extends object>(item: T): T => {
    const { source: _source, fieldPositions: _positions, ...rest } = item as T & { source?: unknown; fieldPositions?: unknown };
    return rest as T;
  };
  const model = design.model;
  return { view: design.view, model: { ...model, namespaces: model.namespaces.map(strip), workloads: model.workloads.map(strip), policies: model.policies.map(strip) } };
}

describe('design channels', () => {
  it('design:new is an empty, clean design with nothing to undo', async () => {
    const snapshot = await handlers()['design:new']({});
    expect(snapshot).toMatchObject({ title: 'Untitled design', dirty: false, canUndo: false, canRedo: false, externalBlocks: [], view: { positions: {} }, warnings: [], files: [], workloads: [], policies: [] });
    expect(snapshot.sessionId).toBe(snapshot.designId);
  });

  it('design:apply edits, names the undo step, and refuses in the API server words', async () => {
    const backend = handlers();
    const snapshot = await applyAll(backend, await backend['design:new']({}), ...lockedDown);
    expect(snapshot.workloads.map((w) => w.id)).toEqual(['a/x[Deployment]', 'a/y[Deployment]']);
    expect(snapshot.namespaces).toEqual([{ name: 'a', labels: { 'kubernetes.io/metadata.name': 'a' }, defaultDeny: { ingress: true, egress: true } }]);
    expect(snapshot).toMatchObject({ dirty: true, canUndo: true, canRedo: false, undoLabel: 'Default deny ingress and egress in a' });
    expect(snapshot.connections).toEqual([]);
    await expect(backend['design:apply']({ designId: snapshot.designId, operation: { type: 'add-namespace', name: 'A', labels: {} } })).rejects.toThrow(
      'Namespace "A" is invalid: metadata.name: Invalid value: "A": a lowercase RFC 1123 label must consist of',
    );
    await expect(backend['design:apply']({ designId: snapshot.designId, operation: { type: 'add-namespace' } as never })).rejects.toThrow('operation.name must be a string');
    await expect(backend['design:apply']({ designId: snapshot.designId, operation: { type: 'paint' } as never })).rejects.toThrow('operation.type must be a design operation');
    await expect(backend['design:apply']({ designId: 'gone', operation: lockedDown[0]! })).rejects.toThrow('This design is no longer open');
  });

  it('warns about DNS: no kube-dns at all, then workloads that cannot reach it, until allow-dns', async () => {
    const backend = handlers();
    const locked = await applyAll(backend, await backend['design:new']({}), ...lockedDown);
    expect(locked.warnings).toEqual([
      {
        code: 'no-kube-dns',
        message:
          'The design has no kube-dns workload (labelled k8s-app=kube-dns in namespace kube-system), so whether the 2 egress-isolated workloads can resolve names is not checked. Add kube-dns to check it.',
        workloads: ['a/x[Deployment]', 'a/y[Deployment]'],
      },
    ]);
    const withDns = await applyAll(backend, locked, ...kubeDns);
    expect(withDns.warnings.map((w) => [w.code, w.workloads])).toEqual([
      ['dns-unreachable', ['a/x[Deployment]']],
      ['dns-unreachable', ['a/y[Deployment]']],
    ]);
    expect(withDns.warnings[0]!.message).toBe(
      'a/x[Deployment] is egress-isolated and cannot reach kube-dns (kube-system/coredns[Deployment]) on UDP 53 and TCP 53: name lookups will fail. Apply the allow-dns template to its namespace, or allow the connection.',
    );
    const fixed = await applyAll(backend, withDns, { type: 'apply-template', template: 'allow-dns', namespace: 'a' });
    expect(fixed.warnings).toEqual([]);
    expect(fixed.connections.map((c) => `${c.source} => ${c.destination} : ${c.connection}`)).toContain('a/x[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53');
    // Ingress isolation of kube-dns counts too, for workloads that are not isolated themselves.
    const dnsLocked = await applyAll(backend, await backend['design:new']({}), ...kubeDns, { type: 'add-namespace', name: 'b', labels: {} }, { type: 'add-workload', namespace: 'b', name: 'z', kind: 'Pod', labels: {}, ports: [] }, { type: 'set-default-deny', namespace: 'kube-system', ingress: true, egress: false });
    expect(dnsLocked.warnings.map((w) => w.message)).toEqual([
      'b/z[Pod] cannot reach kube-dns (kube-system/coredns[Deployment]) on UDP 53 and TCP 53: name lookups will fail. Apply the allow-dns template to its namespace, or allow the connection.',
    ]);
  });

  it('the snapshot shows the policies as export writes them, and review:explain works on the design', async () => {
    const backend = handlers();
    const snapshot = await applyAll(backend, await backend['design:new']({}), ...lockedDown, ...kubeDns, { type: 'apply-template', template: 'allow-dns', namespace: 'a' });
    const design = richDesign();
    const stream = exportPolicies(design.model.policies.filter((p) => p.namespace === 'a'), { split: false });
    expect(snapshot.files).toEqual(stream);
    const text = snapshot.files[0]!.text.split('\n');
    for (const policy of snapshot.policies) {
      expect(policy.file).toBe('policies.yaml');
      expect(text.slice(policy.lines!.first - 1, policy.lines!.last).join('\n')).toContain(`name: ${policy.name}\n  namespace: ${policy.namespace}`);
    }
    const allowed = await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'a/x', destination: 'kube-system/coredns', protocol: 'UDP', port: 53 });
    expect(allowed.explanation.verdict).toBe('allowed');
    const denied = await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'a/x', destination: 'a/y', protocol: 'TCP', port: 80 });
    expect(denied.explanation.verdict).toBe('denied');
    // The explanation follows the design after an undo.
    const undone = await backend['design:undo']({ designId: snapshot.designId });
    expect(undone.redoLabel).toBe('Apply template allow-dns to a');
    expect((await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'a/x', destination: 'kube-system/coredns', protocol: 'UDP', port: 53 })).explanation.verdict).toBe('denied');
  });

  it('undo and redo through the channels; view changes are no step but make the design dirty', async () => {
    const backend = handlers();
    const created = await applyAll(backend, await backend['design:new']({}), lockedDown[0]!, lockedDown[1]!);
    const moved = await applyAll(backend, created, { type: 'set-positions', positions: { 'a/x[Deployment]': { x: 5, y: 6 } } });
    expect(moved).toMatchObject({ undoLabel: 'Add workload x', view: { positions: { 'a/x[Deployment]': { x: 5, y: 6 } } } });
    const undone = await backend['design:undo']({ designId: created.designId });
    expect(undone).toMatchObject({ undoLabel: 'Add namespace a', redoLabel: 'Add workload x', canRedo: true, workloads: [] });
    const redone = await backend['design:redo']({ designId: created.designId });
    expect(redone).toMatchObject({ canRedo: false, view: { positions: { 'a/x[Deployment]': { x: 5, y: 6 } } } });
    expect(redone.workloads.map((w) => w.id)).toEqual(['a/x[Deployment]']);
    const start = await backend['design:undo']({ designId: created.designId }).then(() => backend['design:undo']({ designId: created.designId }));
    expect(start).toMatchObject({ canUndo: false, dirty: false });
    expect(await backend['design:undo']({ designId: created.designId })).toMatchObject({ canUndo: false });
  });

  it('design:save then design:openFile gives back the same design, clean', async () => {
    const design = richDesign();
    const path = join(folder, 'rich.yaml');
    writeFileSync(path, serializeDesign(design));
    const backend = handlers();
    const opened = await backend['design:openFile']({ path });
    expect(opened).toMatchObject({ title: 'rich.yaml', filePath: path, dirty: false, canUndo: false, view: canonicalDesign(design).view });
    expect(opened.externalBlocks).toEqual([
      { name: 'Corporate VPN', cidr: '10.8.0.0/16' },
      { name: 'Internet', cidr: '0.0.0.0/0' },
    ]);
    const edited = await applyAll(backend, opened, { type: 'delete', target: { kind: 'external', name: 'Corporate VPN' } });
    expect(edited.dirty).toBe(true);
    const copy = join(folder, 'copy.yaml');
    const saved = await backend['design:save']({ designId: edited.designId, path: copy });
    expect(saved).toMatchObject({ dirty: false, filePath: copy, title: 'copy.yaml' });
    const expected = applyOperation(design, { type: 'delete', target: { kind: 'external', name: 'Corporate VPN' } }) as { design: Design };
    const reread = parseDesign(readFileSync(copy, 'utf8'), copy);
    expect('design' in reread && withoutSources(reread.design)).toEqual(withoutSources(canonicalDesign(expected.design)));
    const reopened = await handlers()['design:openFile']({ path: copy });
    expect((await handlers()['design:openText']({ path: 'copy.yaml', text: readFileSync(copy, 'utf8') })).dirty).toBe(false);
    expect(reopened.connections).toEqual(saved.connections);
    expect(reopened.workloads).toEqual(saved.workloads);
    // Undo to the state the file was opened in: dirty again, because the file now differs.
    expect((await backend['design:undo']({ designId: edited.designId })).dirty).toBe(true);
  });

  it('the design file round trip keeps every part of a design', () => {
    const design = richDesign();
    const parsed = parseDesign(serializeDesign(design), 'design.yaml');
    expect(parsed.diagnostics).toEqual([]);
    expect('design' in parsed && withoutSources(parsed.design)).toEqual(withoutSources(canonicalDesign(design)));
  });

  it('design:save refuses to overwrite a file changed on disk, unless told to', async () => {
    const path = join(folder, 'conflict.yaml');
    writeFileSync(path, serializeDesign(emptyDesign()));
    const backend = handlers();
    const opened = await applyAll(backend, await backend['design:openFile']({ path }), lockedDown[0]!);
    writeFileSync(path, `${serializeDesign(emptyDesign())}# edited elsewhere\n`);
    await expect(backend['design:save']({ designId: opened.designId })).rejects.toThrow(`${path} was changed on disk since it was opened; nothing was written.`);
    expect(readFileSync(path, 'utf8')).toContain('# edited elsewhere');
    await expect(backend['design:save']({ designId: opened.designId, overwrite: true })).resolves.toMatchObject({ dirty: false });
    expect(readFileSync(path, 'utf8')).toContain('name: a');
    // The saved file is the one compared from now on.
    await expect(backend['design:save']({ designId: opened.designId })).resolves.toMatchObject({ dirty: false });
    const untitled = await backend['design:new']({});
    await expect(backend['design:save']({ designId: untitled.designId })).rejects.toThrow('This design has no file yet');
  });

  it('design files with errors are refused with file:line:column messages', async () => {
    const backend = handlers();
    await expect(backend['design:openText']({ path: 'bad.yaml', text: 'apiVersion: netpol-designer.io/v1\nkind: NetPolDesign\nformatVersion: 1\nnamespaces: {a: 1}\n' })).rejects.toThrow(
      'Could not open the design bad.yaml:\nbad.yaml:4:13: namespaces: Invalid type: expected a list, got a mapping',
    );
    await expect(backend['design:openText']({ path: 'x.yaml', text: 'kind: [' })).rejects.toThrow(/^Could not open the design x.yaml:\nx.yaml:1:\d+: /);
    await expect(backend['design:openFile']({ path: join(folder, 'missing.yaml') })).rejects.toThrow(`Could not open the design ${join(folder, 'missing.yaml')}: ENOENT`);
  });

  it('design:serialize gives the file text for a download, and can mark it saved', async () => {
    const backend = handlers();
    const snapshot = await applyAll(backend, await backend['design:new']({}), lockedDown[0]!);
    const serialized = await backend['design:serialize']({ designId: snapshot.designId });
    expect(serialized).toMatchObject({ fileName: 'design.yaml', dirty: true });
    expect(parseDesign(serialized.text, 'design.yaml')).toMatchObject({ design: { model: { namespaces: [{ name: 'a' }] } } });
    expect(await backend['design:serialize']({ designId: snapshot.designId, markSaved: true })).toMatchObject({ dirty: false });
    expect((await backend['design:undo']({ designId: snapshot.designId })).dirty).toBe(true);
  });

  it('design:export and design:impact', async () => {
    const backend = handlers();
    const snapshot = await applyAll(backend, await backend['design:new']({}), ...lockedDown, { type: 'apply-template', template: 'allow-dns', namespace: 'a' });
    const exported = await backend['design:export']({ designId: snapshot.designId });
    expect(exported.leftOut).toEqual([]);
    expect(exported.files.map((f) => f.path)).toEqual(['policies.yaml']);
    expect(exported.files[0]!.text).toBe(snapshot.files[0]!.text);
    expect((await backend['design:export']({ designId: snapshot.designId, split: true })).files.map((f) => f.path)).toEqual(['a/allow-dns.yaml', 'a/default-deny-all.yaml']);
    expect(await backend['design:impact']({ designId: snapshot.designId, target: { kind: 'namespace', name: 'a' } })).toEqual({
      target: { kind: 'namespace', name: 'a' },
      deletedWorkloads: ['a/x[Deployment]', 'a/y[Deployment]'],
      deletedPolicies: ['a/allow-dns', 'a/default-deny-all'],
      subjectPolicies: [],
      peerPolicies: [],
    });
    await expect(backend['design:impact']({ designId: snapshot.designId, target: { kind: 'namespace', name: 'zz' } })).rejects.toThrow('namespaces "zz" not found');
    await expect(backend['design:impact']({ designId: snapshot.designId, target: { kind: 'pod' } as never })).rejects.toThrow('target.kind must be');
  });
});
