import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadManifestTexts } from './loadManifests';
import type { PolicyEdit } from './saveEdits';
import { planSave } from './saveEdits';

const STREAM = `# Policies of the shop namespace.
# Owned by the platform team.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend
  namespace: shop
  labels: {team: platform}   # flow style stays
spec:
  podSelector:
    matchLabels:
      app: backend
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: frontend   # the web tier
    ports:
    - port: 8080
      protocol: TCP
---
# The database only talks to the backend.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: database
  namespace: shop
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: backend}}
---
apiVersion: v1
kind: Service   # not a policy: untouched
metadata:
  name: backend
  namespace: shop
spec:
  ports:
  - port: 80
    targetPort: 8080
`;

function specOf(text: string, name: string): unknown {
  for (const document of parseAllDocuments(text)) {
    const object = document.toJS() as { kind?: string; metadata?: { name?: string }; spec?: unknown } | null;
    if (object?.kind === 'NetworkPolicy' && object.metadata?.name === name) return object.spec;
  }
  return undefined;
}

function save(edits: PolicyEdit[], text = STREAM) {
  return planSave([{ path: 'shop.yaml', text }], edits);
}

describe('planSave', () => {
  it('an unedited file is written back byte for byte (and reported unchanged)', () => {
    const spec = loadManifestTexts([{ path: 'shop.yaml', text: STREAM }]).model.policies.find((p) => p.name === 'backend')!.spec;
    const plan = save([{ type: 'update', policy: { namespace: 'shop', name: 'backend' }, spec }]);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.files).toEqual([{ path: 'shop.yaml', text: STREAM, changed: false }]);
  });

  it('a port edit changes only that line; comments and other documents stay', () => {
    const spec = structuredClone(loadManifestTexts([{ path: 'shop.yaml', text: STREAM }]).model.policies.find((p) => p.name === 'backend')!.spec);
    spec.ingress![0]!.ports![0]!.port = 9090;
    const plan = save([{ type: 'update', policy: { namespace: 'shop', name: 'backend' }, spec }]);
    const text = plan.files[0]!.text;
    expect(text).toBe(STREAM.replace('    - port: 8080\n', '    - port: 9090\n'));
    expect(specOf(text, 'backend')).toEqual(spec);
  });

  it('deleting a policy removes exactly its document and leading comment', () => {
    const plan = save([{ type: 'delete', policy: { namespace: 'shop', name: 'database' } }]);
    const text = plan.files[0]!.text;
    const start = STREAM.indexOf('---\n# The database');
    const end = STREAM.indexOf('---\napiVersion: v1\nkind: Service');
    expect(text).toBe(STREAM.slice(0, start) + STREAM.slice(end));
    expect(specOf(text, 'database')).toBeUndefined();
  });

  it('deleting the first policy keeps the rest intact', () => {
    const text = save([{ type: 'delete', policy: { namespace: 'shop', name: 'backend' } }]).files[0]!.text;
    expect(text).toBe(STREAM.slice(STREAM.indexOf('---\n# The database')));
  });

  it('a new policy is appended as a new document; the existing text is a prefix', () => {
    const spec = { podSelector: {}, policyTypes: ['Ingress'] };
    const plan = save([{ type: 'create', file: 'shop.yaml', policy: { namespace: 'shop', name: 'default-deny' }, spec }]);
    const text = plan.files[0]!.text;
    expect(text.startsWith(STREAM)).toBe(true);
    expect(text.slice(STREAM.length)).toMatch(/^---\napiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: default-deny\n {2}namespace: shop\n/);
    expect(specOf(text, 'default-deny')).toEqual(spec);
  });

  it('a new policy in a new file', () => {
    const plan = planSave([], [{ type: 'create', file: 'new.yaml', policy: { namespace: 'a', name: 'p' }, spec: { podSelector: {} } }]);
    expect(plan.files[0]).toMatchObject({ path: 'new.yaml', changed: true });
    expect(specOf(plan.files[0]!.text, 'p')).toEqual({ podSelector: {} });
  });

  it('renaming keeps the rest of the document', () => {
    const spec = loadManifestTexts([{ path: 'shop.yaml', text: STREAM }]).model.policies.find((p) => p.name === 'database')!.spec;
    const text = save([{ type: 'update', policy: { namespace: 'shop', name: 'database' }, spec, rename: { namespace: 'shop', name: 'db-ingress' } }]).files[0]!.text;
    expect(text).toBe(STREAM.replace('  name: database\n', '  name: db-ingress\n'));
  });

  it('CRLF files stay CRLF, edited or appended', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    const spec = structuredClone(loadManifestTexts([{ path: 'shop.yaml', text: crlf }]).model.policies.find((p) => p.name === 'backend')!.spec);
    spec.ingress![0]!.ports![0]!.port = 9090;
    const plan = planSave([{ path: 'shop.yaml', text: crlf }], [
      { type: 'update', policy: { namespace: 'shop', name: 'backend' }, spec },
      { type: 'create', file: 'shop.yaml', policy: { namespace: 'shop', name: 'extra' }, spec: { podSelector: {} } },
    ]);
    const text = plan.files[0]!.text;
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.startsWith(crlf.replace('    - port: 8080\r\n', '    - port: 9090\r\n'))).toBe(true);
  });

  it('an item of a NetworkPolicyList is edited and deleted in place', () => {
    const list = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
- metadata: {name: a, namespace: x}
  spec:
    podSelector: {}
- metadata: {name: b, namespace: x}
  spec:
    podSelector: {}
    policyTypes: [Egress]
`;
    const deleted = planSave([{ path: 'l.yaml', text: list }], [{ type: 'delete', policy: { namespace: 'x', name: 'a' } }]).files[0]!.text;
    expect(deleted).toBe(list.replace('- metadata: {name: a, namespace: x}\n  spec:\n    podSelector: {}\n', ''));
    const updated = planSave([{ path: 'l.yaml', text: list }], [
      { type: 'update', policy: { namespace: 'x', name: 'b' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    ]).files[0]!.text;
    expect(updated).toBe(list.replace('policyTypes: [Egress]', 'policyTypes: [Ingress]'));
  });

  it('a file with YAML errors is not rewritten unless asked', () => {
    const broken = `${STREAM}---\nkind: [unclosed\n`;
    const plan = save([{ type: 'delete', policy: { namespace: 'shop', name: 'database' } }], broken);
    expect(plan.diagnostics[0]).toMatchObject({ severity: 'error', code: 'save-refused' });
    expect(plan.diagnostics[0]!.message).toContain('shop.yaml has YAML errors');
    expect(plan.files[0]).toEqual({ path: 'shop.yaml', text: broken, changed: false });
    const forced = planSave([{ path: 'shop.yaml', text: broken }], [{ type: 'delete', policy: { namespace: 'shop', name: 'database' } }], { rewriteBrokenFiles: true });
    expect(forced.files[0]!.text).toContain('kind: [unclosed');
    expect(forced.files[0]!.text).not.toContain('name: database');
  });

  it('an edit of an unknown policy is refused, not guessed', () => {
    const plan = save([{ type: 'delete', policy: { namespace: 'shop', name: 'nope' } }]);
    expect(plan.diagnostics[0]!.message).toBe('NetworkPolicy shop/nope is not in any opened file');
    expect(plan.files).toEqual([]);
  });

  it('unknown spec fields written in the file survive an edit', () => {
    const withUnknown = STREAM.replace('  policyTypes: [Ingress]\n', '  policyTypes: [Ingress]\n  futureField: keep-me\n');
    const spec = { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }] }] };
    const text = save([{ type: 'update', policy: { namespace: 'shop', name: 'database' }, spec }], withUnknown).files[0]!.text;
    expect(text).toContain('  futureField: keep-me\n');
    expect(text).toContain('policyTypes: [Ingress, Egress]');
  });
});

describe('planSave refuses what it cannot do safely', () => {
  it('a policy written twice in one file is not guessed', () => {
    const twice = `${STREAM}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: backend, namespace: shop}\nspec: {}\n`;
    const plan = save([{ type: 'update', policy: { namespace: 'shop', name: 'backend' }, spec: { podSelector: {} } }], twice);
    expect(plan.diagnostics[0]!.message).toBe('NetworkPolicy shop/backend is written more than once in shop.yaml; it was not saved (remove the duplicate first)');
    expect(plan.files[0]).toEqual({ path: 'shop.yaml', text: twice, changed: false });
  });

  it('a document with an unresolved alias makes the file broken, not a crash', () => {
    const alias = `${STREAM}---\nvalue: *nowhere\n`;
    const plan = save([{ type: 'delete', policy: { namespace: 'shop', name: 'database' } }], alias);
    expect(plan.diagnostics[0]!.message).toContain('has YAML errors');
  });
});
