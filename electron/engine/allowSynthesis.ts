// Draw to allow (issue 5): the smallest change of policies that lets the drawn source reach the
// drawn destination on the asked ports. The destination's side gets one ingress rule when it is
// ingress-isolated; the source's side gets one egress rule when it is egress-isolated; nothing
// becomes isolated that was not. The result is re-evaluated before it is proposed.
import type { Direction } from '../common/explanation';
import type { ClusterModel, ContainerPortModel, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort } from '../common/model';
import type { AllowIntent, DesignEndpoint, PortRequest, Proposal, SourceSelection, SynthesisCaution, SynthesisStep } from '../common/synthesis';
import { analyzeModel } from './analysis';
import type { CompiledModel } from './compile';
import { METADATA_NAME_LABEL } from './compile';
import { ConnectionSet } from './connectionSet';
import { workloadId } from './connectivity';
import type { Endpoint } from './evaluate';
import { destinationPorts, evaluateSide } from './evaluate';
import { isQualifiedName, isValidLabelValue } from './labelValidation';
import { selectorMatches } from './labelSelector';
import { canonicalJson, clonePlain, PolicyWorkspace } from './policyWorkspace';
import type { DrawnPair, ResolvedEndpoint, SynthesisOptions } from './synthesisContext';
import {
  checkChanges,
  collateralWorkloads,
  drawnPairs,
  ipBlockOf,
  labelsOf,
  noChange,
  pairAllowed,
  portRequestsProblem,
  proposal,
  resolveEdge,
  selectorForLabels,
  workloadIds,
} from './synthesisContext';
import { allowMessage, formatPortRequests } from './synthesisText';

/** The destination's declared container ports (by number and protocol, no duplicates); none for a cidr. */
export function defaultPortsFor(model: ClusterModel, destination: DesignEndpoint): PortRequest[] {
  const workloads =
    destination.kind === 'workload'
      ? model.workloads.filter((w) => workloadId(w) === destination.id || `${w.namespace}/${w.name}` === destination.id)
      : destination.kind === 'namespace'
        ? model.workloads.filter((w) => w.namespace === destination.name)
        : [];
  const seen = new Map<string, PortRequest>();
  for (const declared of workloads.flatMap((w) => w.ports)) {
    seen.set(`${declared.containerPort}/${declared.protocol}`, { protocol: declared.protocol, port: declared.containerPort });
  }
  return [...seen.values()].sort((a, b) => (a.port as number) - (b.port as number) || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

/** What one port entry asks for toward a destination (named ports resolve on it, NP-34). */
function entrySet(entry: PortRequest, ports: readonly ContainerPortModel[] | null): ConnectionSet {
  if (entry.port === undefined) return ConnectionSet.of(entry.protocol);
  if (typeof entry.port === 'number') return ConnectionSet.of(entry.protocol, entry.port, entry.endPort ?? entry.port);
  let set = ConnectionSet.NONE;
  for (const declared of ports ?? []) {
    if (declared.name === entry.port && declared.protocol === entry.protocol) set = set.union(ConnectionSet.of(entry.protocol, declared.containerPort, declared.containerPort));
  }
  return set;
}

function requiredSet(requests: PortRequest[] | 'all', ports: readonly ContainerPortModel[] | null): ConnectionSet {
  if (requests === 'all') return ConnectionSet.ALL;
  return requests.reduce((set, entry) => set.union(entrySet(entry, ports)), ConnectionSet.NONE);
}

function covers(allowed: ConnectionSet, required: ConnectionSet): boolean {
  return allowed.intersect(required).equals(required);
}

function portProblem(requests: PortRequest[] | 'all', compiled: CompiledModel, destination: ResolvedEndpoint): string | undefined {
  if (requests === 'all') return undefined;
  if (requests.length === 0) return 'choose at least one port, or all ports';
  return portRequestsProblem(requests, compiled, destination);
}

function labelsProblem(labels: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(labels)) {
    const errors = [...isQualifiedName(key).map((m) => `label key "${key}": ${m}`), ...isValidLabelValue(value).map((m) => `label value "${value}": ${m}`)];
    if (errors.length > 0) return errors[0];
  }
  return undefined;
}

/** The peer selecting `endpoint` from a policy of `policyNamespace` (NP-16: one peer, both selectors, across namespaces). */
function peerFor(compiled: CompiledModel, endpoint: ResolvedEndpoint, policyNamespace: string, selection: SourceSelection): NetworkPolicyPeer {
  if (endpoint.kind === 'cidr') return { ipBlock: ipBlockOf(endpoint) };
  const namespace = endpoint.namespace as string;
  const namespaceSelector = namespace === policyNamespace ? undefined : { matchLabels: { [METADATA_NAME_LABEL]: namespace } };
  let podLabels: Record<string, string> | undefined;
  if (typeof selection === 'object') podLabels = selection.labels;
  else if (selection === 'workload-labels' && endpoint.kind === 'workload') podLabels = { ...labelsOf(compiled, endpoint.workloads[0] as number) };
  if (podLabels === undefined) return namespaceSelector ? { namespaceSelector } : { podSelector: {} };
  return namespaceSelector ? { namespaceSelector, podSelector: selectorForLabels(podLabels) } : { podSelector: selectorForLabels(podLabels) };
}

function toPolicyPorts(requests: PortRequest[] | 'all'): NetworkPolicyPort[] | null {
  if (requests === 'all') return null;
  return requests.map((entry) => {
    const port: NetworkPolicyPort = { protocol: entry.protocol };
    if (entry.port !== undefined) port.port = entry.port;
    if (entry.endPort !== undefined && entry.endPort !== entry.port) port.endPort = entry.endPort;
    return port;
  });
}

interface Side {
  direction: Direction;
  /** The endpoint whose policies decide this side: the destination for Ingress, the source for Egress. */
  subject: ResolvedEndpoint;
  /** The peer of the new rule. */
  peer: NetworkPolicyPeer;
  /** Base of a new policy's name. */
  nameFor: (subjectHint: string) => string;
}

/** Adds what `side` lacks for the pairs: one rule per target policy, in an existing policy when one selects exactly the subjects. */
function addSide(
  compiled: CompiledModel,
  workspace: PolicyWorkspace,
  side: Side,
  pairs: DrawnPair[],
  requests: PortRequest[] | 'all',
  steps: SynthesisStep[],
): void {
  const { direction } = side;
  const subjectOf = (pair: DrawnPair) => (direction === 'Ingress' ? pair.destination : pair.source) as Extract<Endpoint, { kind: 'workload' }>;
  const otherOf = (pair: DrawnPair) => (direction === 'Ingress' ? pair.source : pair.destination);
  const lacking = pairs.filter((pair) => {
    const result = evaluateSide(compiled, direction, subjectOf(pair), otherOf(pair));
    return result.isolated && !covers(result.allowed, requiredSet(requests, destinationPorts(compiled, pair.destination)));
  });
  if (lacking.length === 0) return;
  // Only the entries some lacking pair misses: an entry this side already admits is not repeated.
  const entries =
    requests === 'all'
      ? 'all'
      : requests.filter((entry) =>
          lacking.some((pair) => !covers(evaluateSide(compiled, direction, subjectOf(pair), otherOf(pair)).allowed, entrySet(entry, destinationPorts(compiled, pair.destination)))),
        );
  const ports = toPolicyPorts(entries);
  const namespace = side.subject.namespace as string;
  const lackingSubjects = [...new Set(lacking.map((pair) => subjectOf(pair).index))];
  const inNamespace = compiled.workloads.flatMap((w, index) => (w.namespace === namespace ? [index] : []));
  const isolated = (index: number) => compiled.policies.some((p) => p.namespace === namespace && (direction === 'Ingress' ? p.affectsIngress : p.affectsEgress) && p.selects(labelsOf(compiled, index)));

  const groups: { selector: LabelSelector; subjects: number[]; hint: string }[] = [];
  if (side.subject.kind === 'namespace' && side.subject.workloads.length === inNamespace.length && (findPolicy(compiled, namespace, direction, {}, inNamespace, false) || inNamespace.every(isolated))) {
    groups.push({ selector: {}, subjects: inNamespace, hint: side.subject.nameHint });
  } else {
    for (const index of lackingSubjects) groups.push({ selector: selectorForLabels(labelsOf(compiled, index)), subjects: [index], hint: compiled.workloads[index]?.name ?? '' });
  }
  for (const group of groups) {
    const rule = clonePlain(direction === 'Ingress' ? { from: [side.peer], ...(ports ? { ports } : {}) } : { to: [side.peer], ...(ports ? { ports } : {}) });
    const existing = findPolicy(compiled, namespace, direction, group.selector, group.subjects, side.subject.kind === 'workload');
    if (!existing) {
      const name = workspace.create(namespace, side.nameFor(group.hint), { podSelector: group.selector, policyTypes: [direction], [direction === 'Ingress' ? 'ingress' : 'egress']: [rule] });
      steps.push({ kind: 'create-policy', policy: `${namespace}/${name}`, direction, purpose: 'allow', selects: workloadIds(compiled, group.subjects) });
      steps.push({ kind: 'add-rule', policy: `${namespace}/${name}`, direction, ruleNumber: 1, peers: [side.peer], ports });
      continue;
    }
    const spec = workspace.spec(namespace, existing);
    const list = (direction === 'Ingress' ? (spec.ingress ??= []) : (spec.egress ??= [])) as { from?: NetworkPolicyPeer[] | null; to?: NetworkPolicyPeer[] | null; ports?: NetworkPolicyPort[] | null }[];
    const peerKey = canonicalJson([side.peer]);
    const samePeers = list.findIndex((r) => canonicalJson((direction === 'Ingress' ? r.from : r.to) ?? []) === peerKey && Array.isArray(r.ports) && r.ports.length > 0);
    const target = samePeers >= 0 ? list[samePeers] : undefined;
    if (target && ports) {
      // The same peers already have a rule with ports: widen its ports rather than repeat the peers.
      const known = new Set((target.ports ?? []).map((p) => canonicalJson({ protocol: p.protocol ?? 'TCP', port: p.port ?? undefined, endPort: p.endPort ?? undefined })));
      const added = ports.filter((p) => !known.has(canonicalJson({ protocol: p.protocol, port: p.port ?? undefined, endPort: p.endPort ?? undefined })));
      target.ports = [...(target.ports ?? []), ...added];
      steps.push({ kind: 'add-ports', policy: `${namespace}/${existing}`, direction, ruleNumber: samePeers + 1, ports: added });
    } else {
      list.push(rule);
      steps.push({ kind: 'add-rule', policy: `${namespace}/${existing}`, direction, ruleNumber: list.length, peers: [side.peer], ports });
    }
  }
}

/**
 * The name of a valid policy of the namespace in force for the direction that selects exactly
 * `subjects` by their labels: its podSelector is `selector` itself, or (for a workload endpoint)
 * a non-empty part of its labels. A namespace-wide `{}` policy is never taken for one workload: its
 * rules would also apply to every workload added to the namespace later.
 */
function findPolicy(compiled: CompiledModel, namespace: string, direction: Direction, selector: LabelSelector, subjects: readonly number[], oneWorkload: boolean): string | undefined {
  const wanted = [...subjects].sort((a, b) => a - b).join(',');
  const normalized = (s: LabelSelector | null | undefined): LabelSelector => {
    const labels = s?.matchLabels ?? {};
    const expressions = s?.matchExpressions ?? [];
    return { ...(Object.keys(labels).length > 0 ? { matchLabels: labels } : {}), ...(expressions.length > 0 ? { matchExpressions: expressions } : {}) };
  };
  const key = canonicalJson(normalized(selector));
  const subjectLabels = oneWorkload && subjects.length === 1 ? labelsOf(compiled, subjects[0] as number) : undefined;
  const byPartOfLabels = (s: LabelSelector) =>
    subjectLabels !== undefined &&
    (s.matchExpressions ?? []).length === 0 &&
    Object.keys(s.matchLabels ?? {}).length > 0 &&
    Object.entries(s.matchLabels ?? {}).every(([k, v]) => Object.hasOwn(subjectLabels, k) && subjectLabels[k] === v);
  const candidates = compiled.policies.filter((policy) => {
    if (policy.namespace !== namespace || !(direction === 'Ingress' ? policy.affectsIngress : policy.affectsEgress)) return false;
    const selected = compiled.workloads.flatMap((w, index) => (w.namespace === namespace && policy.selects(w.labels) ? [index] : []));
    return selected.join(',') === wanted;
  });
  const exact = candidates.find((policy) => canonicalJson(normalized(policy.model.spec.podSelector)) === key);
  return (exact ?? candidates.find((policy) => byPartOfLabels(normalized(policy.model.spec.podSelector))))?.model.name;
}

export function proposeAllow(model: ClusterModel, intent: AllowIntent, options: SynthesisOptions = {}): Proposal {
  const before = analyzeModel(model, options.engineOptions);
  const compiled = before.compiled;
  const edge = resolveEdge(model, compiled, intent, 'draw');
  if ('proposal' in edge) return edge.proposal;
  const { source: src, destination: dst } = edge;
  const selection: SourceSelection = intent.sourceSelection ?? (src.kind === 'namespace' ? 'namespace' : 'workload-labels');
  if (typeof selection === 'object') {
    const problem = labelsProblem(selection.labels);
    if (problem) return noChange('invalid', `Cannot draw this edge: ${problem}.`);
    if (src.kind === 'cidr') return noChange('invalid', 'Cannot draw this edge: an address block is selected by its CIDR, not by labels.');
    const selected = src.workloads.filter((index) => selectorMatches({ matchLabels: selection.labels }, labelsOf(compiled, index)));
    if (src.kind === 'workload' && selected.length === 0) return noChange('invalid', `Cannot draw this edge: the chosen labels do not select ${src.label}.`);
    if (selected.length === 0) return noChange('invalid', `Cannot draw this edge: the chosen labels select no workload of ${src.label}.`);
    src.workloads = selected;
  }
  const defaults = defaultPortsFor(model, intent.destination);
  const requests: PortRequest[] | 'all' = intent.ports ?? (defaults.length > 0 ? defaults : 'all');
  const portIssue = portProblem(requests, compiled, dst);
  if (portIssue) return noChange('invalid', `Cannot draw this edge: ${portIssue}.`);
  const portsText = formatPortRequests(requests);
  const pairs = drawnPairs(compiled, src, dst);
  if (pairs.length === 0) return noChange('satisfied', `${src.label} and ${dst.label} are the same workloads; nothing to change.`);
  const requiredFor = (c: CompiledModel, pair: DrawnPair) => requiredSet(requests, destinationPorts(c, pair.destination));
  if (pairs.every((pair) => covers(pairAllowed(compiled, pair), requiredFor(compiled, pair)))) {
    return noChange('satisfied', `${src.label} already reaches ${dst.label} on ${portsText}; nothing to change.`);
  }

  const workspace = new PolicyWorkspace(model);
  const steps: SynthesisStep[] = [];
  const policyName = (from: string, to: string) => `allow-${from}-to-${to}`;
  if (dst.kind !== 'cidr') {
    const peer = peerFor(compiled, src, dst.namespace as string, selection);
    addSide(compiled, workspace, { direction: 'Ingress', subject: dst, peer, nameFor: (hint) => policyName(src.nameHint, hint) }, pairs, requests, steps);
  }
  if (src.kind !== 'cidr') {
    const peer = peerFor(compiled, dst, src.namespace as string, dst.kind === 'namespace' ? 'namespace' : 'workload-labels');
    addSide(compiled, workspace, { direction: 'Egress', subject: src, peer, nameFor: (hint) => `allow-${hint}-egress-to-${dst.nameHint}` }, pairs, requests, steps);
  }
  const changes = workspace.changes();
  const check = checkChanges(model, before, changes, src, dst, options);
  const verified = check.refused.length === 0 && drawnPairs(check.after.compiled, src, dst).every((pair) => covers(pairAllowed(check.after.compiled, pair), requiredFor(check.after.compiled, pair)));
  const others = collateralWorkloads(check.collateral, [...workloadIds(compiled, src.workloads), ...workloadIds(compiled, dst.workloads)]);
  const cautions: SynthesisCaution[] = others.length > 0 ? [{ code: 'shared-labels', workloads: others }] : [];
  const message = allowMessage({ steps, source: src.label, destination: dst.label, ports: portsText, collateral: check.collateral, verified, refused: check.refused });
  return proposal({ changes, steps, verified, check, cautions, message });
}
