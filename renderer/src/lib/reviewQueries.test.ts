import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackendHandlers } from '../../../electron/backend/handlers';
import type { ReviewSnapshot } from '../../../electron/common/review';
import {
  canReach,
  connectionsOfEdge,
  defaultExplainPair,
  endpointGroups,
  endpointLabel,
  externalRangeLabel,
  findWorkloads,
  initiallyCollapsed,
  openToAnySource,
  reachableFrom,
  selectedElementId,
  workloadCounts,
  workloadsIn,
  workloadsSelectedBy,
} from './reviewQueries';
import { largeSnapshot } from './testSnapshots';

const FRONTEND = 'netpol-demo/frontend[Deployment]';
const BACKEND = 'netpol-demo/backend[Deployment]';
const DATABASE = 'netpol-demo/database[StatefulSet]';
const COREDNS = 'kube-system/coredns[Deployment]';
const ANYWHERE = '0.0.0.0-255.255.255.255[External]';

let sample: ReviewSnapshot;
beforeAll(async () => {
  const handlers = createBackendHandlers({ resourcesDir: fileURLToPath(new URL('../../../resources/', import.meta.url)) });
  sample = await handlers['review:sample']({});
});

describe('findWorkloads', () => {
  it('matches a substring of the name, case-insensitively', () => {
    expect(findWorkloads(sample, 'END')).toEqual([BACKEND, FRONTEND]);
    expect(findWorkloads(sample, 'data')).toEqual([DATABASE]);
  });

  it('matches namespace/name, the kind, and labels as key=value', () => {
    expect(findWorkloads(sample, 'kube-system/')).toEqual([COREDNS]);
    expect(findWorkloads(sample, 'statefulset')).toEqual([DATABASE]);
    expect(findWorkloads(sample, 'tier=front')).toEqual([FRONTEND]);
    expect(findWorkloads(sample, 'k8s-app')).toEqual([COREDNS]);
  });

  it('finds nothing for an empty query or without a snapshot', () => {
    expect(findWorkloads(sample, '  ')).toEqual([]);
    expect(findWorkloads(undefined, 'frontend')).toEqual([]);
    expect(findWorkloads(sample, 'no-such-thing')).toEqual([]);
  });
});

describe('peers of an endpoint', () => {
  it('lists who reaches a workload and whom it reaches, with short connection texts', () => {
    expect(reachableFrom(sample, BACKEND)).toEqual([{ peer: FRONTEND, peerLabel: 'frontend (netpol-demo)', connection: 'TCP 8080', short: 'TCP 8080' }]);
    expect(canReach(sample, BACKEND)).toEqual([{ peer: DATABASE, peerLabel: 'database (netpol-demo)', connection: 'TCP 5432', short: 'TCP 5432' }]);
    expect(reachableFrom(sample, FRONTEND).map((peer) => [peer.peerLabel, peer.short])).toEqual([
      ['0.0.0.0/0', 'all'],
      ['coredns (kube-system)', 'all'],
      ['database (netpol-demo)', 'all'],
    ]);
  });

  it('works for external ranges', () => {
    expect(canReach(sample, ANYWHERE).map((peer) => peer.peer)).toEqual([COREDNS, FRONTEND]);
  });

  it('gives the connections behind an edge between collapsed namespaces', () => {
    expect(connectionsOfEdge(sample, 'namespace:netpol-demo', 'namespace:kube-system').map((row) => row.source)).toEqual([DATABASE]);
    expect(connectionsOfEdge(sample, FRONTEND, BACKEND).map((row) => row.connection)).toEqual(['TCP 8080']);
  });
});

describe('names and ids', () => {
  it('labels endpoints for people', () => {
    expect(endpointLabel(sample, FRONTEND)).toBe('frontend (netpol-demo)');
    expect(endpointLabel(sample, ANYWHERE)).toBe('0.0.0.0/0');
    expect(endpointLabel(sample, 'namespace:x')).toBe('namespace x');
  });

  it('writes a range as a CIDR block when it is one', () => {
    expect(externalRangeLabel('10.0.0.0', '10.255.255.255')).toBe('10.0.0.0/8');
    expect(externalRangeLabel('10.0.0.1', '10.0.0.1')).toBe('10.0.0.1/32');
    expect(externalRangeLabel('10.0.0.0', '10.0.0.2')).toBe('10.0.0.0 – 10.0.0.2');
    expect(externalRangeLabel('10.0.0.1', '10.0.0.2')).toBe('10.0.0.1 – 10.0.0.2');
    expect(externalRangeLabel('::', 'ffff::')).toBe(':: – ffff::');
  });

  it('gives the canvas id of a selection', () => {
    expect(selectedElementId({ kind: 'none' })).toBeNull();
    expect(selectedElementId({ kind: 'workload', id: FRONTEND })).toBe(FRONTEND);
    expect(selectedElementId({ kind: 'namespace', name: 'netpol-demo' })).toBe('namespace:netpol-demo');
    expect(selectedElementId({ kind: 'edge', source: FRONTEND, destination: BACKEND })).toBe(`${FRONTEND}=>${BACKEND}`);
  });
});

describe('the Explain panel', () => {
  it('offers workloads by namespace, then the external ranges', () => {
    expect(endpointGroups(sample)).toEqual([
      { label: 'namespace kube-system', options: [{ value: COREDNS, label: 'coredns [Deployment]' }] },
      {
        label: 'namespace netpol-demo',
        options: [
          { value: BACKEND, label: 'backend [Deployment]' },
          { value: DATABASE, label: 'database [StatefulSet]' },
          { value: FRONTEND, label: 'frontend [Deployment]' },
        ],
      },
      { label: 'external addresses', options: [{ value: ANYWHERE, label: '0.0.0.0/0' }] },
    ]);
  });

  it('presets a pair of isolated workloads that talk', () => {
    expect(defaultExplainPair(sample)).toEqual({ source: BACKEND, destination: DATABASE });
    expect(defaultExplainPair(undefined)).toBeUndefined();
  });
});

describe('policies and large reviews', () => {
  it('finds the workloads a policy selects', () => {
    expect(workloadsSelectedBy(sample, 'netpol-demo/backend-policy')).toEqual([BACKEND]);
    expect(workloadsSelectedBy(sample, 'netpol-demo/none')).toEqual([]);
  });

  it('collapses every namespace of a large review, none of a small one', () => {
    expect(initiallyCollapsed(sample).size).toBe(0);
    expect([...initiallyCollapsed(largeSnapshot(1000, 20))]).toHaveLength(20);
  });
});

describe('namespaces and exposure', () => {
  it('counts and lists the workloads of each namespace', () => {
    expect(Object.fromEntries(workloadCounts(sample))).toEqual({ 'kube-system': 1, 'netpol-demo': 3 });
    expect(workloadsIn(sample, 'netpol-demo').map((workload) => workload.name)).toEqual(['backend', 'database', 'frontend']);
  });

  it('lists the workloads that any source may reach', () => {
    expect(openToAnySource(sample).map((workload) => workload.id)).toEqual([COREDNS]);
  });
});
