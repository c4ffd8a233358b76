import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../electron/common/synthesis';
import {
  allowIntentFrom,
  changeLines,
  connectionPortsText,
  declaredPortsText,
  designEndpointFor,
  initialAllowForm,
  namespacesOfWarning,
  parseContainerPorts,
  parseLabels,
  parsePortRequests,
  proposalPreview,
  stepLabel,
} from './designForms';
import { snapshotOf, workload } from './testSnapshots';

const frontend = workload('netpol-demo', 'frontend', { tier: 'frontend' });
const backend = { ...workload('netpol-demo', 'backend', { tier: 'backend' }), ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' as const }] };
const snapshot = { ...snapshotOf([frontend, backend]), externals: [{ id: '10.0.0.0-10.255.255.255[External]', firstIP: '10.0.0.0', lastIP: '10.255.255.255', roles: ['destination' as const] }] };

describe('parseLabels', () => {
  it('reads k=v lists, trimming spaces; empty is no labels', () => {
    expect(parseLabels(' tier=web , app=shop,')).toEqual({ ok: true, value: { tier: 'web', app: 'shop' } });
    expect(parseLabels('')).toEqual({ ok: true, value: {} });
    expect(parseLabels('empty=')).toEqual({ ok: true, value: { empty: '' } });
  });
  it('refuses an item without key=value', () => {
    expect(parseLabels('tier')).toEqual({ ok: false, error: '"tier" is not key=value.' });
    expect(parseLabels('=x').ok).toBe(false);
  });
});

describe('parseContainerPorts', () => {
  it('reads name:port/protocol with name and protocol optional', () => {
    expect(parseContainerPorts('http:80/TCP, 53/udp, 8080')).toEqual({
      ok: true,
      value: [
        { name: 'http', containerPort: 80, protocol: 'TCP' },
        { containerPort: 53, protocol: 'UDP' },
        { containerPort: 8080, protocol: 'TCP' },
      ],
    });
  });
  it('refuses unknown protocols and malformed items', () => {
    expect(parseContainerPorts('80/ICMP').ok).toBe(false);
    expect(parseContainerPorts('http:').ok).toBe(false);
  });
});

describe('parsePortRequests', () => {
  it('reads numbers, ranges, names and all; empty or "all" is every port', () => {
    expect(parsePortRequests('80/TCP, 53/UDP, 8000-8080, http, all/UDP')).toEqual({
      ok: true,
      value: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 8000, endPort: 8080 }, { protocol: 'TCP', port: 'http' }, { protocol: 'UDP' }],
    });
    expect(parsePortRequests(' ')).toEqual({ ok: true, value: 'all' });
    expect(parsePortRequests('ALL')).toEqual({ ok: true, value: 'all' });
  });
  it('refuses what is not port/protocol', () => {
    expect(parsePortRequests('80/TCP, 9x')).toEqual({ ok: false, error: '"9x" is not port/protocol (e.g. 80/TCP, 53/UDP).' });
  });
});

describe('the allow form', () => {
  it('starts with the destination’s declared ports and the source’s labels', () => {
    expect(declaredPortsText(backend.ports)).toBe('80/TCP');
    expect(initialAllowForm(snapshot, frontend.id, backend.id)).toEqual({ source: frontend.id, destination: backend.id, ports: '80/TCP', allPorts: false, sourceSelection: 'workload-labels', chosenLabels: 'tier=frontend' });
    expect(initialAllowForm(snapshot, 'namespace:netpol-demo', frontend.id)).toMatchObject({ ports: '', allPorts: true, sourceSelection: 'namespace' });
  });
  it('maps canvas ids to design endpoints', () => {
    expect(designEndpointFor(snapshot, frontend.id)).toEqual({ kind: 'workload', id: frontend.id });
    expect(designEndpointFor(snapshot, 'namespace:netpol-demo')).toEqual({ kind: 'namespace', name: 'netpol-demo' });
    expect(designEndpointFor(snapshot, '10.0.0.0-10.255.255.255[External]')).toEqual({ kind: 'cidr', cidr: '10.0.0.0/8' });
    expect(designEndpointFor(snapshot, 'nothing')).toBeUndefined();
  });
  it('builds the intent the backend is asked about', () => {
    const form = initialAllowForm(snapshot, frontend.id, backend.id);
    expect(allowIntentFrom(snapshot, form)).toEqual({
      ok: true,
      value: { source: { kind: 'workload', id: frontend.id }, destination: { kind: 'workload', id: backend.id }, ports: [{ protocol: 'TCP', port: 80 }], sourceSelection: 'workload-labels' },
    });
    expect(allowIntentFrom(snapshot, { ...form, allPorts: true, sourceSelection: 'namespace' })).toMatchObject({ ok: true, value: { ports: 'all', sourceSelection: 'namespace' } });
    expect(allowIntentFrom(snapshot, { ...form, ports: 'eighty' }).ok).toBe(true);
    expect(allowIntentFrom(snapshot, { ...form, ports: '80/XYZ' }).ok).toBe(false);
    expect(allowIntentFrom(snapshot, { ...form, destination: 'nothing' }).ok).toBe(false);
  });
  it('selects the source by chosen labels, refusing none or a malformed one', () => {
    const form = { ...initialAllowForm(snapshot, frontend.id, backend.id), sourceSelection: 'chosen-labels' as const };
    expect(allowIntentFrom(snapshot, { ...form, chosenLabels: 'tier=frontend, canary=true' })).toMatchObject({
      ok: true,
      value: { sourceSelection: { labels: { tier: 'frontend', canary: 'true' } } },
    });
    expect(allowIntentFrom(snapshot, { ...form, chosenLabels: '' })).toEqual({ ok: false, error: 'Choose at least one label to select the source by, e.g. app=web.' });
    expect(allowIntentFrom(snapshot, { ...form, chosenLabels: 'tier' }).ok).toBe(false);
  });
});

describe('connectionPortsText', () => {
  it('writes an allowed set as the ports field reads it back', () => {
    const text = connectionPortsText({ TCP: [{ start: 80, end: 80 }, { start: 8000, end: 8100 }], UDP: [{ start: 1, end: 65535 }] });
    expect(text).toBe('80/TCP, 8000-8100/TCP, all/UDP');
    expect(parsePortRequests(text)).toEqual({ ok: true, value: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'UDP' }] });
    expect(connectionPortsText({})).toBe('');
  });
});

describe('the preview', () => {
  const proposal: Proposal = {
    status: 'proposed',
    needed: true,
    changes: [
      { type: 'create', policy: { namespace: 'netpol-demo', name: 'allow-frontend' } as never },
      { type: 'update', namespace: 'netpol-demo', name: 'backend', spec: {} as never },
      { type: 'delete', namespace: 'netpol-demo', name: 'old' },
    ],
    steps: [],
    verified: true,
    affectedPairs: [
      { type: 'added', source: frontend.id, destination: backend.id, ref1: 'No Connections', ref2: 'TCP 80' },
      { type: 'changed', source: 'a', destination: backend.id, ref1: 'All Connections', ref2: 'TCP 80' },
    ],
    collateral: [{ type: 'changed', source: 'a', destination: backend.id, ref1: 'All Connections', ref2: 'TCP 80' }],
    cautions: [],
    message: 'Allows frontend → backend on TCP 80.',
  };
  it('lists policy changes by action and name', () => {
    expect(changeLines(proposal.changes)).toEqual([
      { action: 'create', policy: 'netpol-demo/allow-frontend' },
      { action: 'update', policy: 'netpol-demo/backend' },
      { action: 'delete', policy: 'netpol-demo/old' },
    ]);
  });
  it('keeps collateral pairs apart from the drawn pair', () => {
    const preview = proposalPreview(proposal);
    expect(preview.drawn.map((line) => line.key)).toEqual([`${frontend.id}=>${backend.id}`]);
    expect(preview.collateral.map((line) => `${line.source} ${line.before} → ${line.after}`)).toEqual(['a All Connections → TCP 80']);
    expect(preview).toMatchObject({ needed: true, message: proposal.message });
  });
  it('names undo steps and the namespaces of a warning', () => {
    expect(stepLabel('Allow', 'frontend', 'backend')).toBe('Allow frontend → backend');
    expect(namespacesOfWarning(['b/x[Pod]', 'a/y[Deployment]', 'b/z[Pod]'])).toEqual(['a', 'b']);
  });
});
