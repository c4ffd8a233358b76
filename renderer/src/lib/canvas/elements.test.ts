import { fileURLToPath } from 'node:url';
import type { ElementDefinition } from 'cytoscape';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { createBackendHandlers } from '../../../../electron/backend/handlers';
import type { CanvasView } from './canvasTypes';
import { EXTERNAL_ZONE_ID, SHIELD, projectElements } from './elements';

const resourcesDir = fileURLToPath(new URL('../../../../resources', import.meta.url));

function view(overrides: Partial<CanvasView> = {}): CanvasView {
  return { collapsedNamespaces: new Set(), selectedId: null, highlightedIds: new Set(), ...overrides };
}

const nodesOf = (elements: ElementDefinition[]) => elements.filter((element) => element.group === 'nodes');
const edgesOf = (elements: ElementDefinition[]) => elements.filter((element) => element.group === 'edges');
const byId = (elements: ElementDefinition[], id: string) => elements.find((element) => element.data.id === id);
const classesOf = (element: ElementDefinition | undefined) => (element?.classes ?? []) as string[];

let sample: ReviewSnapshot;

beforeAll(async () => {
  sample = await createBackendHandlers({ resourcesDir })['review:sample']({});
});

describe('projectElements on the three-tier sample', () => {
  it('draws every namespace, workload and external range as a node, inside the right parent', () => {
    const elements = projectElements(sample, view());
    const nodes = nodesOf(elements);
    const expected = [
      ...sample.namespaces.map((namespace) => `namespace:${namespace.name}`),
      ...sample.workloads.map((workload) => workload.id),
      ...sample.externals.map((external) => external.id),
    ];
    expect(nodes.filter((node) => node.data.id !== EXTERNAL_ZONE_ID).map((node) => node.data.id).sort()).toEqual(expected.sort());
    expect(byId(elements, EXTERNAL_ZONE_ID)?.classes).toEqual(['zone']);
    for (const workload of sample.workloads) expect(byId(elements, workload.id)?.data.parent).toBe(`namespace:${workload.namespace}`);
    for (const external of sample.externals) expect(byId(elements, external.id)?.data.parent).toBe(EXTERNAL_ZONE_ID);
  });

  it('labels nodes with names, kinds, key labels and readable address ranges', () => {
    const elements = projectElements(sample, view());
    expect(byId(elements, 'namespace:netpol-demo')?.data.label).toBe('netpol-demo');
    expect(byId(elements, 'netpol-demo/frontend[Deployment]')?.data.label).toBe('frontend\nDeployment\ntier=frontend');
    expect(byId(elements, 'kube-system/coredns[Deployment]')?.data.label).toBe('coredns\nDeployment\nk8s-app=kube-dns');
    expect(byId(elements, '0.0.0.0-255.255.255.255[External]')?.data.label).toBe('any address');
  });

  it('draws every connection as exactly one edge, labelled with its ports or `all`', () => {
    const edges = edgesOf(projectElements(sample, view()));
    expect(edges).toHaveLength(sample.connections.length);
    for (const connection of sample.connections) {
      const matching = edges.filter((edge) => edge.data.source === connection.source && edge.data.target === connection.destination);
      expect(matching).toHaveLength(1);
      const edge = matching[0] as ElementDefinition;
      expect(edge.data.id).toBe(`${connection.source}=>${connection.destination}`);
      expect(edge.data.label).toBe(connection.connection === 'All Connections' ? 'all' : connection.connection);
      expect(classesOf(edge)).toContain(connection.connection === 'All Connections' ? 'all' : 'ports');
    }
    expect(byId(edges, 'netpol-demo/frontend[Deployment]=>netpol-demo/backend[Deployment]')?.data.label).toBe('TCP 8080');
    expect(classesOf(byId(edges, 'netpol-demo/database[StatefulSet]=>0.0.0.0-255.255.255.255[External]'))).toEqual(['all', 'external']);
  });

  it('gives isolated workloads the isolation classes and no others', () => {
    const elements = projectElements(sample, view());
    for (const workload of sample.workloads) {
      const classes = classesOf(byId(elements, workload.id));
      expect(classes.includes('isolated-ingress')).toBe(workload.isolation.ingress);
      expect(classes.includes('isolated-egress')).toBe(workload.isolation.egress);
    }
    expect(classesOf(byId(elements, 'netpol-demo/database[StatefulSet]'))).toEqual(['workload', 'isolated-ingress']);
  });

  it('merges the edges of a collapsed namespace onto the namespace node', () => {
    const elements = projectElements(sample, view({ collapsedNamespaces: new Set(['netpol-demo']) }));
    const hidden = sample.workloads.filter((workload) => workload.namespace === 'netpol-demo').map((workload) => workload.id);
    for (const id of hidden) expect(byId(elements, id)).toBeUndefined();
    const namespace = byId(elements, 'namespace:netpol-demo');
    expect(classesOf(namespace)).toContain('collapsed');
    // frontend->backend, backend->database and database->frontend stay inside: counted, not drawn.
    expect(namespace?.data.label).toBe('netpol-demo\n3 workloads (collapsed)\n3 connections inside');

    const edges = edgesOf(elements);
    const ids = edges.map((edge) => edge.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every connection leaving or entering the namespace is still drawn, by exactly one edge between the places of its ends.
    const placeOf = (id: string) => (hidden.includes(id) ? 'namespace:netpol-demo' : id);
    const counted = new Map<string, number>();
    for (const connection of sample.connections) {
      if (placeOf(connection.source) === placeOf(connection.destination)) continue;
      const id = `${placeOf(connection.source)}=>${placeOf(connection.destination)}`;
      counted.set(id, (counted.get(id) ?? 0) + 1);
    }
    expect(ids.sort()).toEqual([...counted.keys()].sort());
    for (const edge of edges) expect(edge.data.connections).toBe(counted.get(edge.data.id as string));
    // Only database, of netpol-demo, reaches the address space: still one connection.
    const toInternet = byId(edges, 'namespace:netpol-demo=>0.0.0.0-255.255.255.255[External]');
    expect(toInternet?.data).toMatchObject({ label: 'all', connections: 1 });
    expect(byId(edges, 'namespace:netpol-demo=>namespace:netpol-demo')).toBeUndefined();
    // A merged edge standing for one connection reports that connection's own ends.
    const fromDns = byId(edges, 'kube-system/coredns[Deployment]=>namespace:netpol-demo');
    expect(fromDns?.data).toMatchObject({ label: 'all', sourceEndpoint: 'kube-system/coredns[Deployment]', destinationEndpoint: 'netpol-demo/frontend[Deployment]' });
  });

  it('marks the selection and the highlights, and dims the rest but not the parents of highlights', () => {
    const frontend = 'netpol-demo/frontend[Deployment]';
    const backend = 'netpol-demo/backend[Deployment]';
    const elements = projectElements(sample, view({ selectedId: frontend, highlightedIds: new Set([frontend, backend]) }));
    expect(classesOf(byId(elements, frontend))).toEqual(['workload', 'isolated-ingress', 'isolated-egress', 'selected', 'highlighted']);
    expect(classesOf(byId(elements, `${frontend}=>${backend}`))).toContain('highlighted');
    expect(classesOf(byId(elements, 'namespace:netpol-demo'))).not.toContain('dimmed');
    expect(classesOf(byId(elements, 'kube-system/coredns[Deployment]'))).toContain('dimmed');
    expect(classesOf(byId(elements, 'namespace:kube-system'))).toContain('dimmed');
    // Without highlights nothing is dimmed.
    expect(projectElements(sample, view()).some((element) => classesOf(element).includes('dimmed'))).toBe(false);
  });

  it('emphasises only the arrow of an explained pair, not the one coming back', () => {
    const frontend = 'netpol-demo/frontend[Deployment]';
    const backend = 'netpol-demo/backend[Deployment]';
    const highlightedIds = new Set([frontend, backend]);
    const explainingBack = projectElements(sample, view({ highlightedIds, highlightedPair: { source: backend, destination: frontend } }));
    expect(classesOf(byId(explainingBack, `${frontend}=>${backend}`))).toContain('dimmed');
    const explainingForth = projectElements(sample, view({ highlightedIds, highlightedPair: { source: frontend, destination: backend } }));
    expect(classesOf(byId(explainingForth, `${frontend}=>${backend}`))).toContain('highlighted');
  });

  it('selects what stands for a hidden workload or connection', () => {
    const collapsed = new Set(['netpol-demo']);
    const onWorkload = projectElements(sample, view({ collapsedNamespaces: collapsed, selectedId: 'netpol-demo/backend[Deployment]' }));
    expect(classesOf(byId(onWorkload, 'namespace:netpol-demo'))).toContain('selected');
    const onEdge = projectElements(sample, view({ collapsedNamespaces: collapsed, selectedId: 'kube-system/coredns[Deployment]=>netpol-demo/frontend[Deployment]' }));
    expect(classesOf(byId(onEdge, 'kube-system/coredns[Deployment]=>namespace:netpol-demo'))).toContain('selected');
    const onInside = projectElements(sample, view({ collapsedNamespaces: collapsed, selectedId: 'netpol-demo/frontend[Deployment]=>netpol-demo/backend[Deployment]' }));
    expect(classesOf(byId(onInside, 'namespace:netpol-demo'))).toContain('selected');
  });

  it('is deterministic and independent of the input order', () => {
    const reversed: ReviewSnapshot = {
      ...sample,
      namespaces: [...sample.namespaces].reverse(),
      workloads: [...sample.workloads].reverse(),
      connections: [...sample.connections].reverse(),
    };
    expect(projectElements(reversed, view())).toEqual(projectElements(sample, view()));
  });
});

describe('projectElements on namespaces with labels and default deny', () => {
  const snapshot: ReviewSnapshot = {
    sessionId: 's',
    title: 't',
    namespaces: [
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'web', env: 'prod' }, defaultDeny: { ingress: true, egress: false } },
      { name: 'vault', labels: {}, defaultDeny: { ingress: true, egress: true } },
    ],
    workloads: [
      {
        id: 'shop/cart[Deployment]',
        namespace: 'shop',
        name: 'cart',
        kind: 'Deployment',
        labels: { app: 'cart', 'pod-template-hash': 'abc', team: 'web', version: 'v2', zone: 'a' },
        ports: [],
        isolation: { ingress: true, egress: false },
        policies: { ingress: ['shop/deny'], egress: [] },
      },
      // Its namespace has no Namespace object in the input.
      { id: 'lost/job[Pod]', namespace: 'lost', name: 'job', kind: 'Pod', labels: {}, ports: [], isolation: { ingress: false, egress: false }, policies: { ingress: [], egress: [] } },
    ],
    externals: [{ id: '10.0.0.0-10.255.255.255[External]', firstIP: '10.0.0.0', lastIP: '10.255.255.255', roles: ['destination'] }],
    connections: [
      { source: 'shop/cart[Deployment]', destination: '10.0.0.0-10.255.255.255[External]', connection: 'TCP 443', set: { TCP: [{ start: 443, end: 443 }] } },
      { source: 'lost/job[Pod]', destination: 'shop/cart[Deployment]', connection: 'All Connections', set: {} },
    ],
    policies: [],
    files: [],
    diagnostics: [],
  };

  it('puts namespace labels on a second line and a shield with the denied directions in the title', () => {
    const elements = projectElements(snapshot, view());
    const shop = byId(elements, 'namespace:shop');
    expect(shop?.data.label).toBe(`shop  ${SHIELD} deny ingress\nenv=prod, team=web`);
    expect(classesOf(shop)).toEqual(['namespace', 'default-deny-ingress']);
    expect(byId(elements, 'namespace:vault')?.data.label).toBe(`vault  ${SHIELD} deny ingress+egress`);
    expect(classesOf(byId(elements, 'namespace:vault'))).toEqual(['namespace', 'default-deny-ingress', 'default-deny-egress']);
    expect(byId(elements, 'namespace:lost')?.data.label).toBe('lost');
  });

  it('shows role labels first, skips controller noise, and counts the rest', () => {
    expect(byId(projectElements(snapshot, view()), 'shop/cart[Deployment]')?.data.label).toBe('cart\nDeployment\napp=cart\nteam=web\n+2 more');
  });

  it('labels a partial range by its first and last address and orders elements zone, namespaces, workloads, externals, edges', () => {
    const elements = projectElements(snapshot, view());
    expect(byId(elements, '10.0.0.0-10.255.255.255[External]')?.data.label).toBe('10.0.0.0-10.255.255.255');
    expect(elements.map((element) => element.data.id)).toEqual([
      EXTERNAL_ZONE_ID,
      'namespace:lost',
      'namespace:shop',
      'namespace:vault',
      'lost/job[Pod]',
      'shop/cart[Deployment]',
      '10.0.0.0-10.255.255.255[External]',
      'lost/job[Pod]=>shop/cart[Deployment]',
      'shop/cart[Deployment]=>10.0.0.0-10.255.255.255[External]',
    ]);
  });

  it('merges a collapsed namespace\'s edges under their common label, else `n connections`', () => {
    const web = { ...(snapshot.workloads[0] as ReviewSnapshot['workloads'][number]), id: 'shop/web[Deployment]', name: 'web' };
    const sameLabel: ReviewSnapshot = {
      ...snapshot,
      workloads: [...snapshot.workloads, web],
      connections: [...snapshot.connections, { source: web.id, destination: '10.0.0.0-10.255.255.255[External]', connection: 'TCP 443', set: {} }],
    };
    const merged = projectElements(sameLabel, view({ collapsedNamespaces: new Set(['shop']) }));
    expect(byId(merged, 'namespace:shop=>10.0.0.0-10.255.255.255[External]')?.data).toMatchObject({ label: 'TCP 443', connections: 2, kind: 'ports' });
    expect(classesOf(byId(merged, 'namespace:shop=>10.0.0.0-10.255.255.255[External]'))).toEqual(['ports', 'external', 'merged']);
    expect(byId(merged, 'lost/job[Pod]=>namespace:shop')?.data).toMatchObject({ label: 'all', connections: 1, kind: 'all' });

    const mixed: ReviewSnapshot = {
      ...sameLabel,
      connections: [...sameLabel.connections, { source: 'lost/job[Pod]', destination: web.id, connection: 'TCP 80', set: {} }],
    };
    expect(byId(projectElements(mixed, view({ collapsedNamespaces: new Set(['shop']) })), 'lost/job[Pod]=>namespace:shop')?.data).toMatchObject({
      label: '2 connections',
      connections: 2,
      kind: 'ports',
      sourceEndpoint: 'lost/job[Pod]',
      destinationEndpoint: 'namespace:shop',
    });
  });
});
