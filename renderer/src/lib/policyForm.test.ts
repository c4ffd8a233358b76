import { describe, expect, it } from 'vitest';
import type { NetworkPolicySpec } from '../../../electron/common/model';
import {
  anchorOf,
  emptyPeer,
  emptyPort,
  emptyRule,
  findingsByAnchor,
  formProblems,
  newPolicyForm,
  peerText,
  policyChanges,
  policyForm,
  policySpec,
  ruleText,
  selectorText,
  specFromManifest,
} from './policyForm';

const everything: NetworkPolicySpec = {
  podSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['data', 'cache'] }] },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [
    {
      from: [
        { podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] } },
        { namespaceSelector: {} },
        { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] } },
        { podSelector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] } },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }, { port: 'metrics' }, { protocol: 'UDP', port: 32000, endPort: 32768 }, { protocol: 'SCTP' }],
    },
    {},
  ],
  egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, { ports: [{ protocol: 'UDP', port: 53 }] }],
};

describe('policy form round trip', () => {
  it('writes back exactly the spec it read, for every kind of selector, peer and port', () => {
    expect(policySpec(policyForm('a', 'p', everything))).toEqual(everything);
  });
  it('leaves policyTypes out when the spec had none and the boxes keep the defaults', () => {
    const spec: NetworkPolicySpec = { podSelector: {}, egress: [{}] };
    const form = policyForm('a', 'p', spec);
    expect(form.types).toEqual({ ingress: true, egress: true });
    expect(policySpec(form)).toEqual(spec);
    form.types.ingress = false;
    expect(policySpec(form).policyTypes).toEqual(['Egress']);
  });
  it('keeps an In expression with no values, so the server can say it needs some', () => {
    const form = newPolicyForm('a');
    form.podSelector.expressions.push({ key: 'app', operator: 'In', values: ' ' });
    form.podSelector.expressions.push({ key: 'debug', operator: 'Exists', values: '' });
    expect(policySpec(form).podSelector).toEqual({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }, { key: 'debug', operator: 'Exists' }] });
  });
  it('reads numbers as numeric ports and anything else as a named port', () => {
    const form = newPolicyForm('a');
    const rule = emptyRule();
    rule.ports.push({ protocol: 'TCP', port: ' 8080 ', endPort: '' }, { protocol: '', port: 'http', endPort: '' }, { protocol: 'TCP', port: '8000', endPort: '8100' });
    form.ingress.push(rule);
    expect(policySpec(form).ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }, { port: 'http' }, { protocol: 'TCP', port: 8000, endPort: 8100 }] }]);
  });
  it('reads the spec of a manifest and nothing from a broken one', () => {
    expect(specFromManifest('kind: NetworkPolicy\nspec:\n  podSelector: {}\n')).toEqual({ podSelector: {} });
    expect(specFromManifest('kind: [')).toBeUndefined();
  });
});

describe('policyChanges', () => {
  it('creates a new policy, updates an existing one, and renames as delete + create', () => {
    const form = newPolicyForm('a');
    form.name = ' web ';
    expect(policyChanges(form, {})).toEqual([{ type: 'create', policy: { namespace: 'a', name: 'web', spec: { podSelector: {}, policyTypes: ['Ingress'] } } }]);
    expect(policyChanges(form, { original: { namespace: 'a', name: 'web' } })[0]?.type).toBe('update');
    expect(policyChanges(form, { original: { namespace: 'a', name: 'old' } }).map((change) => change.type)).toEqual(['delete', 'create']);
  });
});

describe('where findings show', () => {
  it('places each field path on its form element', () => {
    expect(anchorOf('metadata.name')).toBe('metadata');
    expect(anchorOf('spec.podSelector.matchExpressions[0].values')).toBe('spec.podSelector');
    expect(anchorOf('spec.ingress[1].from[2].ipBlock.cidr')).toBe('spec.ingress[1].from[2]');
    expect(anchorOf('spec.egress[0].ports[3].endPort')).toBe('spec.egress[0].ports[3]');
    expect(anchorOf('spec.egress[0]')).toBe('spec.egress[0]');
    expect(anchorOf('spec.policyTypes[0]')).toBe('spec.policyTypes');
    expect(anchorOf('spec.egress')).toBe('spec.policyTypes');
    expect(anchorOf(undefined)).toBe('general');
    expect(anchorOf('spec.somethingElse')).toBe('general');
  });
  it('groups findings by element, keeping their order', () => {
    const placed = findingsByAnchor([
      { severity: 'error', code: 'V-6', message: 'one', fieldPath: 'spec.ingress[0].from[0].ipBlock.cidr' },
      { severity: 'error', code: 'V-7', message: 'two', fieldPath: 'spec.ingress[0].from[0].ipBlock.except[0]' },
    ]);
    expect(placed.get('spec.ingress[0].from[0]')?.map((d) => d.message)).toEqual(['one', 'two']);
  });
  it('sees duplicated label keys and a missing name before the server does', () => {
    const form = newPolicyForm('a');
    form.podSelector.labels.push({ key: 'app', value: 'a' }, { key: 'app', value: 'b' });
    expect(formProblems(form).map((problem) => problem.fieldPath)).toEqual(['spec.podSelector.matchLabels', 'metadata.name']);
  });
});

describe('in words', () => {
  it('says AND inside a peer and OR across peers', () => {
    const form = policyForm('a', 'p', everything);
    const rule = form.ingress[0];
    if (!rule) throw new Error('rule');
    expect(peerText(rule.peers[0] ?? emptyPeer('selectors'))).toBe('pods with app=web in namespaces with team not in (x)');
    expect(ruleText(rule, 'ingress')).toBe(
      'Allows from pods with app=web in namespaces with team not in (x), or all pods in every namespace, or addresses in 10.0.0.0/8 except 10.1.0.0/16, 10.2.0.0/16, or pods with no canary and has app in this namespace, on TCP 5432 or TCP metrics or UDP 32000-32768 or all SCTP ports.',
    );
    expect(ruleText(emptyRule(), 'egress')).toBe('Allows to everywhere, on every port.');
    expect(selectorText(form.podSelector)).toBe('app=db and tier in (data, cache)');
    expect(peerText({ kind: 'selectors', pods: null, namespaces: null })).toContain('nothing selected');
    expect(emptyPort().protocol).toBe('TCP');
  });
});
