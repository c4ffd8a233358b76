// The policy editor's form (issue 5, "for people who prefer forms"): a NetworkPolicy spec as
// rows a person edits — labels, expressions, peers, ports — and back to the spec the backend
// checks and applies. The form keeps every row the user typed, in order, so that the API
// server's findings (`spec.ingress[0].from[1].ipBlock.cidr`) land on the row that caused them.
// Reading and writing only: whether a policy is valid is the backend's question (design:checkPolicy).
import { parse } from 'yaml';
import type { PolicyChange } from '../../../electron/common/design';
import type {
  Diagnostic,
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  Protocol,
  SelectorOperator,
} from '../../../electron/common/model';

export const SELECTOR_OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
export const PORT_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export interface LabelRow {
  key: string;
  value: string;
}

export interface ExpressionRow {
  key: string;
  operator: string;
  /** Comma-separated, as typed. */
  values: string;
}

export interface SelectorForm {
  labels: LabelRow[];
  expressions: ExpressionRow[];
}

/** A peer selects pods (by pod and/or namespace selector, ANDed) or addresses (ipBlock). */
export type PeerForm =
  | {
      kind: 'selectors';
      /** Absent: the policy's own namespace (with namespaces) or all pods of the selected namespaces. */
      pods: SelectorForm | null;
      /** Absent: the policy's own namespace. */
      namespaces: SelectorForm | null;
    }
  | { kind: 'ipBlock'; cidr: string; except: string };

export interface PortForm {
  /** Empty: not written (TCP by default). */
  protocol: '' | Protocol | string;
  /** A number, a named port, or empty for every port of the protocol. */
  port: string;
  endPort: string;
}

export interface RuleForm {
  /** None: every source (ingress) or destination (egress). */
  peers: PeerForm[];
  /** None: every port. */
  ports: PortForm[];
}

export type Direction = 'ingress' | 'egress';

export interface PolicyForm {
  namespace: string;
  name: string;
  podSelector: SelectorForm;
  types: { ingress: boolean; egress: boolean };
  /** The spec wrote policyTypes; when it did not and the boxes keep the defaults, none is written. */
  typesWritten: boolean;
  ingress: RuleForm[];
  egress: RuleForm[];
}

/** Which policy the form edits: an existing one (by its key) or a new one. */
export interface PolicyEditorTarget {
  original?: { namespace: string; name: string };
}

// Spec → form ---------------------------------------------------------------------------------

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

export function emptySelector(): SelectorForm {
  return { labels: [], expressions: [] };
}

export function selectorForm(selector: LabelSelector | null | undefined): SelectorForm {
  const fields = record(selector);
  return {
    labels: Object.entries(record(fields['matchLabels'])).map(([key, value]) => ({ key, value: text(value) })),
    expressions: list(fields['matchExpressions']).map((item) => {
      const expression = record(item);
      return { key: text(expression['key']), operator: text(expression['operator']) || 'In', values: list(expression['values']).map(text).join(', ') };
    }),
  };
}

function peerForm(peer: NetworkPolicyPeer): PeerForm {
  const fields = record(peer);
  if (fields['ipBlock'] !== undefined && fields['ipBlock'] !== null) {
    const block = record(fields['ipBlock']);
    return { kind: 'ipBlock', cidr: text(block['cidr']), except: list(block['except']).map(text).join(', ') };
  }
  const has = (key: string) => fields[key] !== undefined && fields[key] !== null;
  return {
    kind: 'selectors',
    pods: has('podSelector') ? selectorForm(fields['podSelector'] as LabelSelector) : null,
    namespaces: has('namespaceSelector') ? selectorForm(fields['namespaceSelector'] as LabelSelector) : null,
  };
}

function portForm(port: NetworkPolicyPort): PortForm {
  const fields = record(port);
  return { protocol: text(fields['protocol']), port: text(fields['port']), endPort: text(fields['endPort']) };
}

function ruleForms(rules: unknown, peerKey: 'from' | 'to'): RuleForm[] {
  return list(rules).map((item) => {
    const rule = record(item);
    return { peers: list(rule[peerKey]).map((peer) => peerForm(peer as NetworkPolicyPeer)), ports: list(rule['ports']).map((port) => portForm(port as NetworkPolicyPort)) };
  });
}

/** The policy types the API server fills in when a spec has none (NP-1). */
function defaultTypes(spec: NetworkPolicySpec): { ingress: boolean; egress: boolean } {
  return { ingress: true, egress: list(spec.egress).length > 0 };
}

export function policyForm(namespace: string, name: string, spec: NetworkPolicySpec): PolicyForm {
  const written = Array.isArray(spec.policyTypes);
  const types = written ? { ingress: (spec.policyTypes ?? []).includes('Ingress'), egress: (spec.policyTypes ?? []).includes('Egress') } : defaultTypes(spec);
  return {
    namespace,
    name,
    podSelector: selectorForm(spec.podSelector),
    types,
    typesWritten: written,
    ingress: ruleForms(spec.ingress, 'from'),
    egress: ruleForms(spec.egress, 'to'),
  };
}

/** A new policy: selects every pod of the namespace for ingress, with no rule yet. */
export function newPolicyForm(namespace: string): PolicyForm {
  return { namespace, name: '', podSelector: emptySelector(), types: { ingress: true, egress: false }, typesWritten: true, ingress: [], egress: [] };
}

/** The spec of a policy's manifest text (a YAML document of the snapshot's files). */
export function specFromManifest(manifestText: string): NetworkPolicySpec | undefined {
  try {
    const manifest = record(parse(manifestText));
    return manifest['spec'] === undefined ? undefined : (record(manifest['spec']) as NetworkPolicySpec);
  } catch {
    return undefined;
  }
}

// Form → spec ---------------------------------------------------------------------------------

function items(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function selectorSpec(form: SelectorForm): LabelSelector {
  const selector: LabelSelector = {};
  if (form.labels.length > 0) selector.matchLabels = Object.fromEntries(form.labels.map((row) => [row.key.trim(), row.value.trim()]));
  if (form.expressions.length > 0) {
    selector.matchExpressions = form.expressions.map((row) => {
      const requirement: LabelSelectorRequirement = { key: row.key.trim(), operator: row.operator };
      const values = items(row.values);
      // Exists and DoesNotExist take no values; In and NotIn keep even an empty list so the server's word on it shows.
      if (values.length > 0 || row.operator === 'In' || row.operator === 'NotIn') requirement.values = values;
      return requirement;
    });
  }
  return selector;
}

function peerSpec(peer: PeerForm): NetworkPolicyPeer {
  if (peer.kind === 'ipBlock') {
    const block: IPBlock = { cidr: peer.cidr.trim() };
    const except = items(peer.except);
    if (except.length > 0) block.except = except;
    return { ipBlock: block };
  }
  const spec: NetworkPolicyPeer = {};
  if (peer.pods) spec.podSelector = selectorSpec(peer.pods);
  if (peer.namespaces) spec.namespaceSelector = selectorSpec(peer.namespaces);
  return spec;
}

/** A port as typed: digits are a number, anything else a named port. */
function portValue(value: string): number | string {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function portSpec(port: PortForm): NetworkPolicyPort {
  const spec: NetworkPolicyPort = {};
  if (port.protocol !== '') spec.protocol = port.protocol;
  if (port.port.trim() !== '') spec.port = portValue(port.port);
  // A non-numeric endPort is written as typed (a string) so the server's type error shows on it.
  if (port.endPort.trim() !== '') spec.endPort = portValue(port.endPort) as number;
  return spec;
}

function rulesSpec(rules: readonly RuleForm[], peerKey: 'from' | 'to'): Record<string, unknown>[] {
  return rules.map((rule) => {
    const spec: Record<string, unknown> = {};
    if (rule.peers.length > 0) spec[peerKey] = rule.peers.map(peerSpec);
    if (rule.ports.length > 0) spec['ports'] = rule.ports.map(portSpec);
    return spec;
  });
}

export function policySpec(form: PolicyForm): NetworkPolicySpec {
  const spec: NetworkPolicySpec = { podSelector: selectorSpec(form.podSelector) };
  const defaults = { ingress: true, egress: form.egress.length > 0 };
  if (form.typesWritten || form.types.ingress !== defaults.ingress || form.types.egress !== defaults.egress) {
    spec.policyTypes = [...(form.types.ingress ? ['Ingress'] : []), ...(form.types.egress ? ['Egress'] : [])];
  }
  if (form.ingress.length > 0) spec.ingress = rulesSpec(form.ingress, 'from');
  if (form.egress.length > 0) spec.egress = rulesSpec(form.egress, 'to');
  return spec;
}

/** The edit the form stands for: an update, a create, or a rename (delete + create). */
export function policyChanges(form: PolicyForm, target: PolicyEditorTarget): PolicyChange[] {
  const spec = policySpec(form);
  const namespace = form.namespace;
  const name = form.name.trim();
  const original = target.original;
  if (!original) return [{ type: 'create', policy: { namespace, name, spec } }];
  if (original.namespace === namespace && original.name === name) return [{ type: 'update', namespace, name, spec }];
  return [
    { type: 'delete', namespace: original.namespace, name: original.name },
    { type: 'create', policy: { namespace, name, spec } },
  ];
}

/** Problems the form sees before asking the server: things the spec could not even say. */
export function formProblems(form: PolicyForm): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const duplicateKeys = (selector: SelectorForm, path: string) => {
    const seen = new Set<string>();
    for (const row of selector.labels) {
      const key = row.key.trim();
      if (seen.has(key)) problems.push({ severity: 'error', code: 'duplicate-label', fieldPath: `${path}.matchLabels`, message: `label key "${key}" is given twice; only one value can be matched` });
      seen.add(key);
    }
  };
  duplicateKeys(form.podSelector, 'spec.podSelector');
  for (const direction of ['ingress', 'egress'] as const) {
    const peerKey = direction === 'ingress' ? 'from' : 'to';
    form[direction].forEach((rule, ruleIndex) => {
      rule.peers.forEach((peer, peerIndex) => {
        if (peer.kind !== 'selectors') return;
        const path = `spec.${direction}[${ruleIndex}].${peerKey}[${peerIndex}]`;
        if (peer.pods) duplicateKeys(peer.pods, `${path}.podSelector`);
        if (peer.namespaces) duplicateKeys(peer.namespaces, `${path}.namespaceSelector`);
      });
    });
  }
  if (form.name.trim() === '') problems.push({ severity: 'error', code: 'name-required', fieldPath: 'metadata.name', message: 'metadata.name: Required value: name is required' });
  return problems;
}

// Where findings show ---------------------------------------------------------------------------

const ANCHORS: readonly RegExp[] = [
  /^metadata\b/,
  /^spec\.podSelector\b/,
  /^spec\.(ingress|egress)\[\d+\]\.(from|to)\[\d+\]/,
  /^spec\.(ingress|egress)\[\d+\]\.ports\[\d+\]/,
  /^spec\.(ingress|egress)\[\d+\]/,
];

/**
 * The form element a finding belongs to: the name, the pod selector, a peer, a port, a rule, or
 * the policy types (`spec.policyTypes`, and rules the types leave out); `general` otherwise.
 */
export function anchorOf(fieldPath: string | undefined): string {
  if (fieldPath === undefined) return 'general';
  if (/^spec\.policyTypes\b/.test(fieldPath) || /^spec\.(ingress|egress)$/.test(fieldPath)) return 'spec.policyTypes';
  for (const anchor of ANCHORS) {
    const match = anchor.exec(fieldPath);
    if (match) return match[0] === 'metadata' ? 'metadata' : match[0];
  }
  return 'general';
}

export function findingsByAnchor(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const placed = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const anchor = anchorOf(diagnostic.fieldPath);
    placed.set(anchor, [...(placed.get(anchor) ?? []), diagnostic]);
  }
  return placed;
}

// In words --------------------------------------------------------------------------------------

function requirementText(row: ExpressionRow): string {
  const values = items(row.values).join(', ');
  switch (row.operator) {
    case 'In':
      return `${row.key} in (${values})`;
    case 'NotIn':
      return `${row.key} not in (${values})`;
    case 'Exists':
      return `has ${row.key}`;
    case 'DoesNotExist':
      return `no ${row.key}`;
    default:
      return `${row.key} ${row.operator} (${values})`;
  }
}

/** `app=web and tier in (a, b)`; empty when the selector selects everything. */
export function selectorText(form: SelectorForm): string {
  return [...form.labels.map((row) => `${row.key}=${row.value}`), ...form.expressions.map(requirementText)].join(' and ');
}

function selectedText(form: SelectorForm, everything: string, some: string): string {
  const words = selectorText(form);
  return words === '' ? everything : `${some} ${words}`;
}

/** One peer in words, making its AND explicit. */
export function peerText(peer: PeerForm): string {
  if (peer.kind === 'ipBlock') {
    const except = items(peer.except);
    return `addresses in ${peer.cidr || '?'}${except.length > 0 ? ` except ${except.join(', ')}` : ''}`;
  }
  if (!peer.pods && !peer.namespaces) return 'nothing selected yet: choose pods, namespaces or both';
  const pods = peer.pods ? selectedText(peer.pods, 'all pods', 'pods with') : 'all pods';
  const namespaces = peer.namespaces ? selectedText(peer.namespaces, 'in every namespace', 'in namespaces with') : 'in this namespace';
  return `${pods} ${namespaces}`;
}

export function portText(port: PortForm): string {
  const protocol = port.protocol === '' ? 'TCP' : port.protocol;
  if (port.port.trim() === '') return `all ${protocol} ports`;
  return `${protocol} ${port.port.trim()}${port.endPort.trim() !== '' ? `-${port.endPort.trim()}` : ''}`;
}

/** One rule in words: who (peers ORed) on which ports (ORed). */
export function ruleText(rule: RuleForm, direction: Direction): string {
  const who = rule.peers.length === 0 ? (direction === 'ingress' ? 'from everywhere' : 'to everywhere') : `${direction === 'ingress' ? 'from' : 'to'} ${rule.peers.map(peerText).join(', or ')}`;
  const ports = rule.ports.length === 0 ? 'on every port' : `on ${rule.ports.map(portText).join(' or ')}`;
  return `Allows ${who}, ${ports}.`;
}

export function emptyRule(): RuleForm {
  return { peers: [], ports: [] };
}

export function emptyPeer(kind: PeerForm['kind']): PeerForm {
  return kind === 'ipBlock' ? { kind, cidr: '', except: '' } : { kind, pods: emptySelector(), namespaces: null };
}

export function emptyPort(): PortForm {
  return { protocol: 'TCP', port: '', endPort: '' };
}
