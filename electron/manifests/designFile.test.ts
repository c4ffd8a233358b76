import { describe, expect, it } from 'vitest';
import type { Design, Diagnostic } from '../common/model';
import { canonicalDesign, looksLikeDesign, parseDesign, serializeDesign } from './designFile';

/** A design using every field, in canonical order (as the file writes it). */
function richDesign(): Design {
  return {
    model: {
      namespaces: [
        // The implied label with another value is written, not dropped.
        { name: 'odd', labels: { 'kubernetes.io/metadata.name': 'other' } },
        { name: 'payments', labels: { 'kubernetes.io/metadata.name': 'payments', 'example.com/tier': 'backend', team: 'pay' } },
        { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } },
      ],
      workloads: [
        {
          namespace: 'payments',
          name: 'ledger',
          kind: 'StatefulSet',
          labels: { 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/part-of': 'pay/core', empty: '', 'yes': 'on' },
          labelVariants: [{ 'app.kubernetes.io/name': 'ledger' }, { 'app.kubernetes.io/name': 'ledger', canary: 'true' }],
          ports: [
            { name: 'grpc', containerPort: 9090, protocol: 'TCP' },
            { containerPort: 53, protocol: 'UDP' },
            { name: 'sctp-feed', containerPort: 7070, protocol: 'SCTP' },
          ],
          podIPs: ['10.1.0.7', 'fd00:10::7'],
        },
        { namespace: 'shop', name: 'frontend', kind: 'Deployment', labels: { app: 'frontend' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], podIPs: [] },
        { namespace: 'shop', name: 'frontend', kind: 'Pod', labels: {}, ports: [], podIPs: [] },
      ],
      externalBlocks: [
        { name: 'Corporate VPN', cidr: '172.16.0.0/12' },
        { name: 'IPv6 partners', cidr: '2001:db8::/32' },
        { name: 'Internet', cidr: '0.0.0.0/0' },
      ],
      policies: [
        {
          namespace: 'payments',
          name: 'ledger-ingress',
          spec: {
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ledger' } },
            policyTypes: ['Ingress', 'Egress'],
            ingress: [
              {
                from: [
                  { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: {} },
                  { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } },
                ],
                ports: [{ port: 'grpc' }, { protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 30000, endPort: 32767 }],
              },
            ],
            egress: [{ to: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }, { key: 'canary', operator: 'DoesNotExist' }] } }] }],
          },
        },
        { namespace: 'shop', name: 'default-deny', spec: { podSelector: {}, policyTypes: ['Ingress'] } },
        { namespace: 'shop', name: 'nulls', spec: { podSelector: { matchLabels: null }, ingress: null, egress: [{}] } },
      ],
    },
    view: {
      positions: {
        'external:Internet': { x: -40.5, y: 12 },
        'namespace:shop': { x: 0, y: 0 },
        'payments/ledger[StatefulSet]': { x: 320, y: 1e-3 },
        'shop/frontend[Deployment]': { x: 100, y: 200 },
      },
      collapsedNamespaces: ['payments'],
    },
  };
}

/** The design without the positions the reader adds. */
function withoutSources(design: Design): Design {
  const model = design.model;
  return {
    view: design.view,
    model: {
      ...model,
      namespaces: model.namespaces.map(({ source: _source, ...rest }) => rest),
      workloads: model.workloads.map(({ source: _source, ...rest }) => rest),
      policies: model.policies.map(({ source: _source, fieldPositions: _fieldPositions, ...rest }) => rest),
    },
  };
}

function parsed(text: string, path = 'design.yaml'): Design {
  const result = parseDesign(text, path);
  expect(result.diagnostics).toEqual([]);
  if (!('design' in result)) throw new Error('no design');
  return result.design;
}

function errors(text: string, path = 'design.yaml'): Diagnostic[] {
  const result = parseDesign(text, path);
  expect('design' in result).toBe(false);
  return result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
}

const HEADER = 'apiVersion: netpol-designer.io/v1\nkind: NetPolDesign\nformatVersion: 1\n';

describe('design files round-trip', () => {
  it('a design using every field comes back equal', () => {
    const design = richDesign();
    const text = serializeDesign(design);
    expect(withoutSources(parsed(text))).toEqual(design);
  });

  it('the text is stable: serializing the reopened design gives the same bytes', () => {
    const text = serializeDesign(richDesign());
    expect(serializeDesign(richDesign())).toBe(text);
    expect(serializeDesign(parsed(text))).toBe(text);
  });

  it('list order does not change the text; parse returns the canonical order', () => {
    const design = richDesign();
    const shuffled: Design = {
      model: {
        ...design.model,
        namespaces: [...design.model.namespaces].reverse(),
        workloads: [...design.model.workloads].reverse(),
        policies: [...design.model.policies].reverse(),
        externalBlocks: [...(design.model.externalBlocks ?? [])].reverse(),
      },
      view: { positions: Object.fromEntries(Object.entries(design.view.positions).reverse()), collapsedNamespaces: ['shop', 'payments'] },
    };
    expect(serializeDesign(shuffled)).toBe(serializeDesign({ ...design, view: { ...design.view, collapsedNamespaces: ['payments', 'shop'] } }));
    expect(withoutSources(parsed(serializeDesign(shuffled)))).toEqual(canonicalDesign(shuffled));
  });

  it('reads as people write it: header, sections, full NetworkPolicy objects, no positions', () => {
    const text = serializeDesign(richDesign());
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text).toContain('\nnamespaces:\n  - name: odd\n    labels:\n      kubernetes.io/metadata.name: other\n  - name: payments\n');
    expect(text).toContain('  - name: shop\n\nworkloads:');
    expect(text).toContain('  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata:\n      name: ledger-ingress\n      namespace: payments\n    spec:\n');
    expect(text).toContain('podSelector: {}');
    expect(text).toContain('\nview:\n  positions:\n    external:Internet: { x: -40.5, y: 12 }\n    namespace:shop: { x: 0, y: 0 }\n');
    // Strings a YAML 1.1 reader would take as booleans stay strings.
    expect(text).toContain('"yes": "on"');
    expect(text).not.toMatch(/source|fieldPositions|&a\d|\*a\d/);
  });

  it('fills source positions from the design file, so findings point into it', () => {
    const text = serializeDesign(richDesign());
    const design = parsed(text, 'sketch.yaml');
    const lines = text.split('\n');
    const policies = lines.indexOf('policies:');
    const cidrLine = lines.findIndex((line, index) => index > policies && line.trim() === 'cidr: 2001:db8::/32') + 1;
    const policy = design.model.policies[0];
    expect(policy?.source).toEqual({ file: 'sketch.yaml', line: policies + 2, column: 5, objectPath: ['policies', 0] });
    expect(policy?.fieldPositions?.['spec.ingress[0].from[1].ipBlock.cidr']?.line).toBe(cidrLine);
    expect(design.model.workloads[0]?.source).toEqual({ file: 'sketch.yaml', line: lines.indexOf('workloads:') + 2, column: 5, objectPath: ['workloads', 0] });
  });

  it('the smallest design: no lists, no view', () => {
    expect(parsed(HEADER)).toEqual({ model: { namespaces: [], workloads: [], policies: [] }, view: { positions: {} } });
    const empty: Design = { model: { namespaces: [], workloads: [], policies: [] }, view: { positions: {} } };
    expect(parsed(serializeDesign(empty))).toEqual(empty);
  });

  it('a hand-written namespace gets its implied name label; a port its default protocol', () => {
    const design = parsed(`${HEADER}namespaces:\n  - name: shop\nworkloads:\n  - {namespace: shop, name: web, kind: Pod, ports: [{containerPort: 80}]}\n`);
    expect(design.model.namespaces[0]?.labels).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
    expect(design.model.workloads[0]?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });
});

describe('design files refuse what they cannot read, and say where', () => {
  it('a newer format is refused without a guess', () => {
    const result = parseDesign('apiVersion: netpol-designer.io/v2\nkind: NetPolDesign\nformatVersion: 2\nsomethingNew: [1, 2]\n', 'plans/new.yaml');
    expect(result).toEqual({
      diagnostics: [
        {
          severity: 'error',
          code: 'design-format-newer',
          message: 'plans/new.yaml was written by a newer NetPol Designer (design format 2); this version reads format 1. Update NetPol Designer to open it.',
          location: { file: 'plans/new.yaml', line: 3, column: 16 },
          fieldPath: 'formatVersion',
        },
      ],
    });
  });

  it('broken YAML is located', () => {
    const found = errors(`${HEADER}namespaces:\n  - name: shop\n   labels: {a: b}\n`, 'broken.yaml');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ code: 'yaml-syntax', location: { file: 'broken.yaml', line: 6 } });
  });

  it('wrong types are located by field path, line and column', () => {
    const text = [
      HEADER.trimEnd(),
      'namespaces:',
      '  - name: shop',
      '    labels: {team: 7}',
      'workloads:',
      '  - namespace: shop',
      '    name: web',
      '    kind: Deployment',
      '    ports:',
      '      - containerPort: http',
      '      - containerPort: 70000',
      '        protocol: ICMP',
      'policies:',
      '  - apiVersion: networking.k8s.io/v1',
      '    kind: NetworkPolicy',
      '    metadata: {name: p, namespace: shop}',
      '    spec:',
      '      podSelector: []',
      'view:',
      '  positions:',
      '    "namespace:shop": {x: left, y: 1}',
      '  collapsedNamespaces: shop',
      '',
    ].join('\n');
    const found = errors(text).map((d) => `${d.location?.line}:${d.location?.column} ${d.fieldPath} ${d.message}`);
    expect(found).toEqual([
      '6:20 namespaces[0].labels.team namespaces[0].labels.team: Invalid type: expected a string, got a number (7)',
      '12:24 workloads[0].ports[0].containerPort workloads[0].ports[0].containerPort: Invalid type: expected an integer, got a string ("http")',
      '13:24 workloads[0].ports[1].containerPort workloads[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      '14:19 workloads[0].ports[1].protocol workloads[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      '20:7 spec.podSelector spec.podSelector: Invalid type: expected a mapping, got a list',
      '23:27 view.positions.namespace:shop.x view.positions.namespace:shop.x: Invalid type: expected a number, got a string ("left")',
      '24:24 view.collapsedNamespaces view.collapsedNamespaces: Invalid type: expected a list, got a string ("shop")',
    ]);
  });

  it('missing fields, duplicates and foreign policies are errors; unknown fields are warnings', () => {
    const text = `${HEADER}namespaces:\n  - name: a\n  - name: a\nworkloads:\n  - {namespace: a, kind: Pod}\npolicies:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\ncolour: blue\n`;
    const result = parseDesign(text, 'd.yaml');
    expect('design' in result).toBe(false);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.line}`)).toEqual([
      'warning unknown-field 11',
      'error duplicate-namespace 6',
      'error design-shape 8',
      'error design-shape 10',
    ]);
    expect(result.diagnostics[2]?.message).toBe('workloads[0].name: Required value');
    expect(result.diagnostics[3]?.message).toContain('expected a networking.k8s.io/v1 NetworkPolicy, got apiVersion "v1", kind "ConfigMap"');
    const warned = parseDesign(`${HEADER}colour: blue\n`, 'd.yaml');
    expect('design' in warned && warned.diagnostics[0]?.message).toBe('colour: unknown field "colour"; ignored (saving the design drops it)');
  });

  it('a file that is not a design says so', () => {
    const manifest = errors('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\n', 'policy.yaml');
    expect(manifest).toHaveLength(1);
    expect(manifest[0]?.message).toBe(
      'policy.yaml is not a NetPol Designer design file: its kind is "NetworkPolicy"; a design file has "kind: NetPolDesign" (Kubernetes manifests are opened as manifests, not as a design)',
    );
    expect(manifest[0]?.location).toEqual({ file: 'policy.yaml', line: 2, column: 7 });
    expect(errors('formatVersion: 1\n')[0]?.message).toBe('design.yaml is not a NetPol Designer design file: it has no "kind"; a design file has "kind: NetPolDesign"');
    expect(errors('- a\n')[0]?.message).toContain('it does not hold a mapping');
    expect(errors('')[0]?.message).toBe('design.yaml is empty; a design file starts with "kind: NetPolDesign"');
    expect(errors(`${HEADER}---\n${HEADER}`)[0]?.code).toBe('design-documents');
    expect(errors('apiVersion: netpol-designer.io/v1\nkind: NetPolDesign\n')[0]?.message).toMatch(/^formatVersion: Required value/);
    expect(errors('apiVersion: netpol-designer.io/v1\nkind: NetPolDesign\nformatVersion: "1"\n')[0]?.message).toBe('formatVersion: Invalid value: "1": must be a whole number from 1');
    expect(errors('apiVersion: example.com/v1\nkind: NetPolDesign\nformatVersion: 1\n')[0]?.message).toBe('apiVersion: Unsupported value: "example.com/v1": supported values: "netpol-designer.io/v1"');
  });
});

describe('looksLikeDesign', () => {
  it('knows a design by its top-level kind, quoted or not, even when the rest is broken', () => {
    expect(looksLikeDesign('apiVersion: netpol-designer.io/v1\nkind: NetPolDesign\n')).toBe(true);
    expect(looksLikeDesign('# a design\nkind: "NetPolDesign"  # comment\nnamespaces: [\n')).toBe(true);
    expect(looksLikeDesign("kind: 'NetPolDesign'\r\n")).toBe(true);
  });
  it('takes manifests, nested kinds and look-alikes for what they are', () => {
    expect(looksLikeDesign('kind: NetworkPolicy\n')).toBe(false);
    expect(looksLikeDesign('items:\n  - kind: NetPolDesign\n')).toBe(false);
    expect(looksLikeDesign('kind: NetPolDesigner\n')).toBe(false);
    expect(looksLikeDesign('kind: "NetPolDesign\'\n')).toBe(false);
  });
});
