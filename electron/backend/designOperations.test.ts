// Every design operation and its refusals, in the order of DesignOperation; kept in one file so
// the list reads as the operations' specification.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DesignOperation } from '../common/design';
import type { Design, Protocol } from '../common/model';
import { analyzeModel, findEndpoint } from '../engine/analysis';
import type { Endpoint } from '../engine/evaluate';
import { evaluatePair } from '../engine/evaluate';
import { loadManifestTexts } from '../manifests';
import { applyOperation } from './designOperations';
import { describeOperation } from './designStepLabels';
import { emptyDesign } from './designSessions';

const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Applies operations in turn; a refusal fails the test with its message. */
function run(design: Design, ...operations: DesignOperation[]): Design {
  return operations.reduce((current, operation) => {
    const outcome = applyOperation(current, operation);
    if ('error' in outcome) throw new Error(`${operation.type}: ${outcome.error}`);
    return outcome.design;
  }, design);
}

function refusal(design: Design, operation: DesignOperation): string {
  const outcome = applyOperation(design, operation);
  if (!('error' in outcome)) throw new Error(`${operation.type} was accepted`);
  return outcome.error;
}

const namespace = (name: string, labels: Record<string, string> = {}): DesignOperation => ({ type: 'add-namespace', name, labels });
const workload = (ns: string, name: string, labels: Record<string, string> = { app: name }, kind = 'Deployment'): DesignOperation => ({
  type: 'add-workload',
  namespace: ns,
  name,
  kind,
  labels,
  ports: [],
});
const kubeDns: DesignOperation[] = [namespace('kube-system'), workload('kube-system', 'coredns', { 'k8s-app': 'kube-dns' })];

/** What `from` may send to `to`, by the engine. */
function allows(design: Design, from: string, to: string, protocol: Protocol, port: number): boolean {
  const compiled = analyzeModel(design.model).compiled;
  const endpoint = (text: string): Endpoint => {
    const found = findEndpoint(compiled, text);
    if ('error' in found) throw new Error(found.error);
    return found.endpoint;
  };
  return evaluatePair(compiled, endpoint(from), endpoint(to)).contains(protocol, port);
}

const policyNames = (design: Design, ns?: string) =>
  design.model.policies.filter((p) => ns === undefined || p.namespace === ns).map((p) => `${p.namespace}/${p.name}`);

describe('namespaces', () => {
  it('adds a namespace with its labels, the metadata name label and a position', () => {
    const design = run(emptyDesign(), { type: 'add-namespace', name: 'shop', labels: { team: 'web' }, position: { x: 10, y: 20 } });
    expect(design.model.namespaces).toEqual([{ name: 'shop', labels: { team: 'web', 'kubernetes.io/metadata.name': 'shop' } }]);
    expect(design.view.positions).toEqual({ 'namespace:shop': { x: 10, y: 20 } });
  });

  it('refuses names and labels in the API server words', () => {
    expect(refusal(emptyDesign(), namespace('Shop'))).toBe(`Namespace "Shop" is invalid: metadata.name: Invalid value: "Shop": ${LABEL_RULE}`);
    expect(refusal(emptyDesign(), namespace('a.b'))).toBe(`Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": ${LABEL_RULE}`);
    expect(refusal(emptyDesign(), namespace(''))).toBe('Namespace "" is invalid: metadata.name: Required value: name or generateName is required');
    expect(refusal(emptyDesign(), namespace('a'.repeat(64)))).toBe(`Namespace "${'a'.repeat(64)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`);
    expect(refusal(emptyDesign(), namespace('shop', { 'bad key': 'x' }))).toBe(`Namespace "shop" is invalid: metadata.labels: Invalid value: "bad key": ${NAME_PART_RULE}`);
    expect(refusal(emptyDesign(), namespace('shop', { team: 'b@d', 'x/': 'y' }))).toBe(
      `Namespace "shop" is invalid: [metadata.labels: Invalid value: "b@d": ${LABEL_VALUE_RULE}, metadata.labels: Invalid value: "x/": name part must be non-empty, metadata.labels: Invalid value: "x/": ${NAME_PART_RULE}]`,
    );
    expect(refusal(run(emptyDesign(), namespace('shop')), namespace('shop'))).toBe('namespaces "shop" already exists');
  });

  it('replaces labels, keeps the metadata name label, and declares a namespace only implied', () => {
    const design = run(emptyDesign(), namespace('shop', { team: 'web' }), { type: 'update-namespace', name: 'shop', labels: { env: 'prod' } });
    expect(design.model.namespaces[0]!.labels).toEqual({ env: 'prod', 'kubernetes.io/metadata.name': 'shop' });
    expect(applyOperation(design, { type: 'update-namespace', name: 'shop', labels: { env: 'prod' } })).toEqual({ design });
    expect((applyOperation(design, { type: 'update-namespace', name: 'shop', labels: { env: 'prod' } }) as { design: Design }).design).toBe(design);
    expect(refusal(design, { type: 'update-namespace', name: 'nope', labels: {} })).toBe('namespaces "nope" not found');
    expect(refusal(design, { type: 'update-namespace', name: 'shop', labels: { env: '-x' } })).toBe(`Namespace "shop" is invalid: metadata.labels: Invalid value: "-x": ${LABEL_VALUE_RULE}`);
    const implied: Design = { model: { namespaces: [], workloads: [{ namespace: 'x', name: 'w', kind: 'Pod', labels: {}, ports: [], podIPs: [] }], policies: [] }, view: { positions: {} } };
    expect(run(implied, { type: 'update-namespace', name: 'x', labels: { a: 'b' } }).model.namespaces).toEqual([{ name: 'x', labels: { a: 'b', 'kubernetes.io/metadata.name': 'x' } }]);
  });
});

describe('workloads', () => {
  const base = run(emptyDesign(), namespace('shop'), namespace('ops'));

  it('adds a workload with labels and named ports', () => {
    const design = run(base, {
      type: 'add-workload',
      namespace: 'shop',
      name: 'backend',
      kind: 'Deployment',
      labels: { tier: 'backend' },
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      position: { x: 1, y: 2 },
    });
    expect(design.model.workloads).toEqual([{ namespace: 'shop', name: 'backend', kind: 'Deployment', labels: { tier: 'backend' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], podIPs: [] }]);
    expect(design.view.positions['shop/backend[Deployment]']).toEqual({ x: 1, y: 2 });
    expect(design.model.namespaces).toBe(base.model.namespaces);
    expect(design.model.policies).toBe(base.model.policies);
  });

  it('refuses names, kinds, labels and ports in the API server words', () => {
    expect(refusal(base, workload('shop', 'Backend_1'))).toBe(`Deployment.apps "Backend_1" is invalid: metadata.name: Invalid value: "Backend_1": ${SUBDOMAIN_RULE}`);
    expect(refusal(base, workload('shop', 'web', { tier: 'front end' }, 'Pod'))).toBe(`Pod "web" is invalid: metadata.labels: Invalid value: "front end": ${LABEL_VALUE_RULE}`);
    expect(refusal(base, workload('shop', 'web', { tier: 'front end' }, 'CronJob'))).toBe(
      `CronJob.batch "web" is invalid: spec.jobTemplate.spec.template.metadata.labels: Invalid value: "front end": ${LABEL_VALUE_RULE}`,
    );
    expect(refusal(base, workload('shop', 'web', {}, 'Service'))).toBe(
      'Service "web" is invalid: kind: Unsupported value: "Service": supported values: "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController"',
    );
    const withPorts = (ports: { name?: string; containerPort: number; protocol: string }[]) =>
      refusal(base, { type: 'add-workload', namespace: 'shop', name: 'web', kind: 'StatefulSet', labels: {}, ports: ports as never });
    const at = 'spec.template.spec.containers[0].ports';
    expect(withPorts([{ containerPort: 0, protocol: 'TCP' }])).toBe(`StatefulSet.apps "web" is invalid: ${at}[0].containerPort: Required value`);
    expect(withPorts([{ containerPort: 70000, protocol: 'TCP' }])).toBe(`StatefulSet.apps "web" is invalid: ${at}[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`);
    expect(withPorts([{ containerPort: 53, protocol: 'ICMP' }])).toBe(`StatefulSet.apps "web" is invalid: ${at}[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`);
    expect(withPorts([{ name: 'my_port', containerPort: 80, protocol: 'TCP' }])).toBe(
      `StatefulSet.apps "web" is invalid: ${at}[0].name: Invalid value: "my_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
    );
    expect(withPorts([{ name: '8080', containerPort: 80, protocol: 'TCP' }])).toBe(`StatefulSet.apps "web" is invalid: ${at}[0].name: Invalid value: "8080": must contain at least one letter (a-z)`);
    expect(
      withPorts([
        { name: 'http', containerPort: 80, protocol: 'TCP' },
        { name: 'http', containerPort: 81, protocol: 'TCP' },
        { name: 'a-very-long-port-name', containerPort: 82, protocol: 'TCP' },
      ]),
    ).toBe(`StatefulSet.apps "web" is invalid: [${at}[1].name: Duplicate value: "http", ${at}[2].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters]`);
    expect(refusal(base, workload('nope', 'web'))).toBe('namespaces "nope" not found');
    expect(refusal(run(base, workload('shop', 'web')), workload('shop', 'web'))).toBe('deployments.apps "web" already exists');
  });

  it('edits name, kind, labels and ports; the position follows the new id', () => {
    const design = run(base, { ...workload('shop', 'web'), position: { x: 5, y: 5 } } as DesignOperation);
    const renamed = run(design, { type: 'update-workload', id: 'shop/web[Deployment]', name: 'frontend', kind: 'StatefulSet', labels: { tier: 'frontend' }, ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(renamed.model.workloads).toEqual([{ namespace: 'shop', name: 'frontend', kind: 'StatefulSet', labels: { tier: 'frontend' }, ports: [{ containerPort: 80, protocol: 'TCP' }], podIPs: [] }]);
    expect(renamed.view.positions).toEqual({ 'shop/frontend[StatefulSet]': { x: 5, y: 5 } });
    expect((applyOperation(design, { type: 'update-workload', id: 'shop/web[Deployment]', labels: { app: 'web' } }) as { design: Design }).design).toBe(design);
    expect(refusal(design, { type: 'update-workload', id: 'shop/db[StatefulSet]', name: 'x' })).toBe('statefulsets.apps "db" not found');
    expect(refusal(design, { type: 'update-workload', id: 'shop/web[Deployment]', name: 'Web' })).toBe(`Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN_RULE}`);
    expect(refusal(run(design, workload('shop', 'api')), { type: 'update-workload', id: 'shop/web[Deployment]', name: 'api' })).toBe('deployments.apps "api" already exists');
  });

  it('moves a workload to another namespace with its labels and ports', () => {
    const design = run(base, { type: 'add-workload', namespace: 'shop', name: 'web', kind: 'Deployment', labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }], position: { x: 1, y: 1 } });
    const moved = run(design, { type: 'move-workload', id: 'shop/web[Deployment]', namespace: 'ops' });
    expect(moved.model.workloads).toEqual([{ namespace: 'ops', name: 'web', kind: 'Deployment', labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }], podIPs: [] }]);
    expect(moved.view.positions).toEqual({});
    expect(run(design, { type: 'move-workload', id: 'shop/web[Deployment]', namespace: 'ops', position: { x: 9, y: 9 } }).view.positions).toEqual({ 'ops/web[Deployment]': { x: 9, y: 9 } });
    expect((applyOperation(design, { type: 'move-workload', id: 'shop/web[Deployment]', namespace: 'shop' }) as { design: Design }).design).toBe(design);
    expect(refusal(design, { type: 'move-workload', id: 'shop/web[Deployment]', namespace: 'nope' })).toBe('namespaces "nope" not found');
    expect(refusal(run(design, workload('ops', 'web')), { type: 'move-workload', id: 'shop/web[Deployment]', namespace: 'ops' })).toBe('deployments.apps "web" already exists');
  });
});

describe('external blocks', () => {
  it('adds, renames and re-addresses a block; the position follows the name', () => {
    const design = run(emptyDesign(), { type: 'add-external', name: 'Internet', cidr: '0.0.0.0/0', position: { x: 3, y: 4 } });
    expect(design.model.externalBlocks).toEqual([{ name: 'Internet', cidr: '0.0.0.0/0' }]);
    const edited = run(design, { type: 'update-external', name: 'Internet', newName: 'Corporate VPN', cidr: '10.8.0.0/16' });
    expect(edited.model.externalBlocks).toEqual([{ name: 'Corporate VPN', cidr: '10.8.0.0/16' }]);
    expect(edited.view.positions).toEqual({ 'external:Corporate VPN': { x: 3, y: 4 } });
    expect(run(design, { type: 'add-external', name: 'v6', cidr: '2001:db8::/32' }).model.externalBlocks).toHaveLength(2);
  });

  it('refuses CIDRs in the API server words', () => {
    const add = (name: string, cidr: string) => refusal(emptyDesign(), { type: 'add-external', name, cidr });
    expect(add('Internet', 'nope')).toBe('External block "Internet" is invalid: cidr: Invalid value: "nope": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    expect(add('Internet', '10.0.0.0')).toBe('External block "Internet" is invalid: cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    expect(add('Internet', '10.0.0.1/8')).toBe('External block "Internet" is invalid: cidr: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)');
    expect(add('Internet', '010.0.0.0/8')).toBe('External block "Internet" is invalid: cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"');
    expect(add('Internet', '')).toBe('External block "Internet" is invalid: cidr: Required value');
    expect(add(' ', '0.0.0.0/0')).toBe('External block " " is invalid: name: Required value');
    const design = run(emptyDesign(), { type: 'add-external', name: 'Internet', cidr: '0.0.0.0/0' }, { type: 'add-external', name: 'VPN', cidr: '10.0.0.0/8' });
    expect(refusal(design, { type: 'add-external', name: 'Internet', cidr: '1.0.0.0/8' })).toBe('external block "Internet" already exists');
    expect(refusal(design, { type: 'update-external', name: 'Internet', newName: 'VPN' })).toBe('external block "VPN" already exists');
    expect(refusal(design, { type: 'update-external', name: 'Nope', cidr: '1.0.0.0/8' })).toBe('external block "Nope" not found');
    expect(refusal(design, { type: 'update-external', name: 'VPN', cidr: '10.0.0.0/33' })).toContain('cidr: Invalid value: "10.0.0.0/33"');
  });
});

describe('delete', () => {
  const design = run(
    emptyDesign(),
    namespace('a'),
    namespace('b'),
    { ...workload('a', 'x'), position: { x: 0, y: 0 } } as DesignOperation,
    workload('b', 'y'),
    { type: 'add-external', name: 'Internet', cidr: '0.0.0.0/0', position: { x: 1, y: 1 } },
    { type: 'set-default-deny', namespace: 'a', ingress: true, egress: false },
    { type: 'apply-template', template: 'allow-dns', namespace: 'b' },
    { type: 'set-positions', positions: { 'namespace:a': { x: 5, y: 5 } } },
    { type: 'set-collapsed', namespaces: ['a'] },
  );

  it('deletes a namespace with its workloads, policies, positions and collapsed state', () => {
    const after = run(design, { type: 'delete', target: { kind: 'namespace', name: 'a' } });
    expect(after.model.namespaces.map((n) => n.name)).toEqual(['b']);
    expect(after.model.workloads.map((w) => w.name)).toEqual(['y']);
    expect(policyNames(after)).toEqual(['b/allow-dns']);
    expect(after.view).toEqual({ positions: { 'external:Internet': { x: 1, y: 1 } } });
    expect(refusal(after, { type: 'delete', target: { kind: 'namespace', name: 'a' } })).toBe('namespaces "a" not found');
  });

  it('deletes a workload or an external block, and nothing else', () => {
    const noWorkload = run(design, { type: 'delete', target: { kind: 'workload', id: 'a/x[Deployment]' } });
    expect(noWorkload.model.workloads.map((w) => w.name)).toEqual(['y']);
    expect(noWorkload.model.policies).toBe(design.model.policies);
    expect(noWorkload.view.positions['a/x[Deployment]']).toBeUndefined();
    const noBlock = run(design, { type: 'delete', target: { kind: 'external', name: 'Internet' } });
    expect(noBlock.model.externalBlocks).toEqual([]);
    expect(noBlock.model.workloads).toBe(design.model.workloads);
    expect(refusal(design, { type: 'delete', target: { kind: 'workload', id: 'a/x[Pod]' } })).toBe('pods "x" not found');
    expect(refusal(design, { type: 'delete', target: { kind: 'external', name: 'VPN' } })).toBe('external block "VPN" not found');
  });
});

describe('default deny switch', () => {
  const design = run(emptyDesign(), namespace('a'), workload('a', 'x'), workload('a', 'y'));
  const setDeny = (d: Design, ingress: boolean, egress: boolean) => run(d, { type: 'set-default-deny', namespace: 'a', ingress, egress });

  it('creates the policy for each combination and removes it when off', () => {
    const ingress = setDeny(design, true, false);
    expect(ingress.model.policies).toEqual([{ namespace: 'a', name: 'default-deny-ingress', spec: { podSelector: {}, policyTypes: ['Ingress'] } }]);
    expect(allows(ingress, 'a/x', 'a/y', 'TCP', 80)).toBe(false);
    const egress = setDeny(design, false, true);
    expect(egress.model.policies).toEqual([{ namespace: 'a', name: 'default-deny-egress', spec: { podSelector: {}, policyTypes: ['Egress'] } }]);
    const both = setDeny(ingress, true, true);
    expect(both.model.policies).toEqual([{ namespace: 'a', name: 'default-deny-all', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }]);
    expect(policyNames(setDeny(both, false, true))).toEqual(['a/default-deny-egress']);
    const off = setDeny(both, false, false);
    expect(off.model.policies).toEqual([]);
    expect(allows(off, 'a/x', 'a/y', 'TCP', 80)).toBe(true);
  });

  it('changes nothing when the namespace already is as wanted, and keeps the policy object', () => {
    const ingress = setDeny(design, true, false);
    expect(setDeny(ingress, true, false)).toBe(ingress);
    expect(setDeny(design, false, false)).toBe(design);
  });

  it('removes only its own policies and says which policy keeps a namespace denied', () => {
    const custom = run(design, {
      type: 'policy-changes',
      changes: [
        { type: 'create', policy: { namespace: 'a', name: 'lockdown', spec: { podSelector: {}, policyTypes: ['Ingress'] } } },
        { type: 'create', policy: { namespace: 'a', name: 'default-deny-egress', spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] } } },
      ],
    });
    expect(refusal(custom, { type: 'set-default-deny', namespace: 'a', ingress: false, egress: false })).toBe(
      'Default deny of ingress in namespace a comes from policy a/lockdown, which the default-deny switch does not manage; edit or delete that policy instead',
    );
    // Ingress is denied by lockdown already; egress wants the switch's policy, whose name is taken by an edited one.
    expect(refusal(custom, { type: 'set-default-deny', namespace: 'a', ingress: true, egress: true })).toBe('networkpolicies.networking.k8s.io "default-deny-egress" already exists');
    expect(setDeny(custom, true, false)).toBe(custom);
    expect(refusal(design, { type: 'set-default-deny', namespace: 'nope', ingress: true, egress: true })).toBe('namespaces "nope" not found');
  });
});

describe('templates', () => {
  const design = run(emptyDesign(), namespace('a'), workload('a', 'x'), workload('a', 'y'), ...kubeDns);
  const apply = (d: Design, ...templates: string[]) =>
    run(d, ...templates.map((template): DesignOperation => ({ type: 'apply-template', template: template as never, namespace: 'a' })));

  it('default-deny-all with allow-dns: DNS to kube-dns on UDP and TCP 53, nothing else', () => {
    const locked = apply(design, 'default-deny-all', 'allow-dns');
    expect(allows(locked, 'a/x', 'kube-system/coredns', 'UDP', 53)).toBe(true);
    expect(allows(locked, 'a/x', 'kube-system/coredns', 'TCP', 53)).toBe(true);
    expect(allows(locked, 'a/x', 'kube-system/coredns', 'TCP', 80)).toBe(false);
    expect(allows(locked, 'a/x', 'a/y', 'TCP', 80)).toBe(false);
    expect(allows(locked, 'kube-system/coredns', 'a/x', 'TCP', 80)).toBe(false);
    const dns = locked.model.policies.find((p) => p.name === 'allow-dns')!;
    expect(dns.spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
    // One peer with both selectors: a kube-dns-labelled pod elsewhere is not reached.
    const impostor = run(locked, namespace('b'), workload('b', 'fake', { 'k8s-app': 'kube-dns' }));
    expect(allows(impostor, 'a/x', 'b/fake', 'UDP', 53)).toBe(false);
  });

  it('default-deny-ingress, default-deny-egress and allow-all-ingress', () => {
    expect(allows(apply(design, 'default-deny-ingress'), 'kube-system/coredns', 'a/x', 'TCP', 80)).toBe(false);
    expect(allows(apply(design, 'default-deny-ingress'), 'a/x', 'kube-system/coredns', 'TCP', 80)).toBe(true);
    expect(allows(apply(design, 'default-deny-egress'), 'a/x', 'kube-system/coredns', 'UDP', 53)).toBe(false);
    expect(allows(apply(design, 'default-deny-egress'), 'kube-system/coredns', 'a/x', 'TCP', 80)).toBe(true);
    const open = apply(design, 'default-deny-ingress', 'allow-all-ingress');
    expect(allows(open, 'kube-system/coredns', 'a/x', 'TCP', 80)).toBe(true);
    expect(open.model.policies.find((p) => p.name === 'allow-all-ingress')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] });
  });

  it('three-tier-app adds the sample application and its policies in the chosen namespace', () => {
    const shop = apply(run(emptyDesign(), namespace('a')), 'three-tier-app');
    const sample = loadManifestTexts([{ path: 'sample.yaml', text: readFileSync(new URL('../../resources/samples/three-tier-demo.yaml', import.meta.url), 'utf8') }]).model;
    const strip = <T extends { source?: unknown; fieldPositions?: unknown; namespace: string }>({ source: _s, fieldPositions: _f, ...rest }: T) => ({ ...rest, namespace: 'a' });
    expect(shop.model.policies).toEqual(sample.policies.map(strip));
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
    expect([...shop.model.workloads].sort(byName)).toEqual(sample.workloads.filter((w) => w.namespace === 'netpol-demo').map(strip).sort(byName));
    expect(allows(shop, 'a/frontend', 'a/backend', 'TCP', 8080)).toBe(true);
    expect(allows(shop, 'a/backend', 'a/database', 'TCP', 5432)).toBe(true);
    expect(allows(shop, 'a/frontend', 'a/database', 'TCP', 5432)).toBe(false);
    expect(refusal(shop, { type: 'apply-template', template: 'three-tier-app', namespace: 'a' })).toBe('deployments.apps "frontend" already exists');
  });

  it('refuses a template whose policy exists, or an unknown namespace', () => {
    expect(refusal(apply(design, 'allow-dns'), { type: 'apply-template', template: 'allow-dns', namespace: 'a' })).toBe('networkpolicies.networking.k8s.io "allow-dns" already exists');
    expect(refusal(design, { type: 'apply-template', template: 'allow-dns', namespace: 'nope' })).toBe('namespaces "nope" not found');
  });
});

describe('policy changes', () => {
  const design = run(emptyDesign(), namespace('a'), workload('a', 'x'), workload('a', 'y'));
  const allowX = { podSelector: { matchLabels: { app: 'y' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }], ports: [{ port: 80 }] }] };

  it('applies creates, updates and deletes together, keeping other objects', () => {
    const created = run(design, { type: 'policy-changes', changes: [{ type: 'create', policy: { namespace: 'a', name: 'y-from-x', spec: allowX } }, { type: 'create', policy: { namespace: 'a', name: 'tmp', spec: { podSelector: {} } } }] });
    expect(policyNames(created)).toEqual(['a/y-from-x', 'a/tmp']);
    expect(created.model.workloads).toBe(design.model.workloads);
    expect(created.model.namespaces).toBe(design.model.namespaces);
    expect(allows(created, 'a/x', 'a/y', 'TCP', 80)).toBe(true);
    expect(allows(created, 'a/x', 'a/y', 'TCP', 443)).toBe(false);
    expect(allows(created, 'a/y', 'a/x', 'TCP', 80)).toBe(false); // tmp isolates every pod of a
    const next = run(created, {
      type: 'policy-changes',
      changes: [
        { type: 'delete', namespace: 'a', name: 'tmp' },
        { type: 'update', namespace: 'a', name: 'y-from-x', spec: { ...allowX, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }], ports: [{ port: 80 }, { port: 443 }] }] } },
      ],
    });
    expect(policyNames(next)).toEqual(['a/y-from-x']);
    expect(allows(next, 'a/x', 'a/y', 'TCP', 443)).toBe(true);
    expect(allows(next, 'a/x', 'a/y', 'TCP', 22)).toBe(false);
  });

  it('refuses the whole list when one change would be refused', () => {
    const created = run(design, { type: 'policy-changes', changes: [{ type: 'create', policy: { namespace: 'a', name: 'p', spec: allowX } }] });
    expect(refusal(created, { type: 'policy-changes', changes: [{ type: 'create', policy: { namespace: 'a', name: 'p', spec: allowX } }] })).toBe('networkpolicies.networking.k8s.io "p" already exists');
    expect(refusal(created, { type: 'policy-changes', changes: [{ type: 'delete', namespace: 'a', name: 'p' }, { type: 'update', namespace: 'a', name: 'p', spec: allowX }] })).toBe(
      'change 2 of 2: networkpolicies.networking.k8s.io "p" not found',
    );
    expect(refusal(created, { type: 'policy-changes', changes: [{ type: 'create', policy: { namespace: 'a', name: 'Bad_Name', spec: {} } }] })).toBe(
      `NetworkPolicy.networking.k8s.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_RULE}`,
    );
    expect(refusal(created, { type: 'policy-changes', changes: [{ type: 'update', namespace: 'a', name: 'p', spec: { ingress: [{ from: [{ ipBlock: { cidr: 'nope' } }] }] } }] })).toBe(
      'NetworkPolicy.networking.k8s.io "p" is invalid: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "nope": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    );
    expect(refusal(created, { type: 'policy-changes', changes: [{ type: 'create', policy: { namespace: 'z', name: 'p', spec: {} } }] })).toBe('namespaces "z" not found');
  });
});

describe('identity', () => {
  it('keeps every object an edit does not touch, for the engine caches', () => {
    const design = run(emptyDesign(), namespace('a'), namespace('b'), workload('a', 'x'), workload('b', 'y'), { type: 'apply-template', template: 'allow-dns', namespace: 'b' });
    const denied = run(design, { type: 'set-default-deny', namespace: 'a', ingress: true, egress: true });
    expect(denied.model.workloads).toBe(design.model.workloads);
    expect(denied.model.namespaces).toBe(design.model.namespaces);
    expect(denied.model.externalBlocks).toBe(design.model.externalBlocks);
    expect(denied.view).toBe(design.view);
    expect(denied.model.policies[0]).toBe(design.model.policies[0]);
    const edited = run(denied, { type: 'update-workload', id: 'a/x[Deployment]', labels: { app: 'x', tier: 'web' } });
    expect(edited.model.workloads[1]).toBe(denied.model.workloads[1]);
    expect(edited.model.policies).toBe(denied.model.policies);
    expect(edited.model.namespaces).toBe(denied.model.namespaces);
  });
});

describe('view operations and labels', () => {
  it('sets positions of existing nodes only, and collapsed namespaces', () => {
    const design = run(emptyDesign(), namespace('a'), workload('a', 'x'));
    const moved = run(design, { type: 'set-positions', positions: { 'a/x[Deployment]': { x: 1, y: 2 }, 'a/ghost[Pod]': { x: 0, y: 0 } } });
    expect(moved.view.positions).toEqual({ 'a/x[Deployment]': { x: 1, y: 2 } });
    expect(moved.model).toBe(design.model);
    expect(run(moved, { type: 'set-positions', positions: { 'a/x[Deployment]': { x: 1, y: 2 } } })).toBe(moved);
    expect(run(design, { type: 'set-collapsed', namespaces: ['a', 'nope', 'a'] }).view.collapsedNamespaces).toEqual(['a']);
  });

  it('names each step', () => {
    expect(describeOperation(workload('a', 'backend'))).toBe('Add workload backend');
    expect(describeOperation({ type: 'update-workload', id: 'a/web[Deployment]', name: 'api' })).toBe('Rename workload web to api');
    expect(describeOperation({ type: 'move-workload', id: 'a/web[Deployment]', namespace: 'b' })).toBe('Move workload web to b');
    expect(describeOperation({ type: 'delete', target: { kind: 'namespace', name: 'a' } })).toBe('Delete namespace a');
    expect(describeOperation({ type: 'set-default-deny', namespace: 'a', ingress: true, egress: true })).toBe('Default deny ingress and egress in a');
    expect(describeOperation({ type: 'set-default-deny', namespace: 'a', ingress: false, egress: false })).toBe('Turn off default deny in a');
    expect(describeOperation({ type: 'apply-template', template: 'allow-dns', namespace: 'a' })).toBe('Apply template allow-dns to a');
    expect(describeOperation({ type: 'policy-changes', changes: [{ type: 'delete', namespace: 'a', name: 'p' }] })).toBe('Delete policy a/p');
    expect(describeOperation({ type: 'policy-changes', changes: [], label: 'Allow a/x to a/y on TCP 80' })).toBe('Allow a/x to a/y on TCP 80');
  });
});
