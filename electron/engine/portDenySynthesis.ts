// Delete some ports of an edge (issue 5): the smallest change after which the drawn pairs no
// longer connect on the denied ports and keep exactly the rest of what they allowed. Two kinds of
// candidate, each re-evaluated; the verified one with the least collateral wins:
//   drop ports       take the denied ports out of every rule admitting a pair on them (a range
//                    is split around them, a named port resolving to one goes, a rule left
//                    without ports goes), on the ingress side or on the egress side;
//   deny, allow back the whole-pair deny of denySynthesis.ts, then the allow of allowSynthesis.ts
//                    for the ports the pairs keep: what rules without ports (every port) need.
// Verification is exact: every drawn pair must allow what it did minus the denied ports, no more
// and no less. Over 400 lines because the port arithmetic it needs (set difference, range
// splitting) is private to this proposal and reads best beside its use.
import type { Direction } from '../common/explanation';
import type { ClusterModel, ConnectionSetData, ContainerPortModel, NetworkPolicyPort, PortRange, Protocol } from '../common/model';
import { PROTOCOLS_IN_PRINT_ORDER } from '../common/model';
import type { DenyIntent, DesignEndpoint, PolicyChange, PortRequest, Proposal, SynthesisCaution, SynthesisStep } from '../common/synthesis';
import { proposeAllow } from './allowSynthesis';
import { analyzeModel } from './analysis';
import type { AddressRange } from './cidr';
import type { CompiledModel, CompiledPolicy } from './compile';
import { rulePortsFor } from './compile';
import { ConnectionSet } from './connectionSet';
import { proposeDeny as proposeDenyAll } from './denySynthesis';
import type { Endpoint } from './evaluate';
import { destinationPorts, evaluatePair, matchingPeer, policiesSelecting } from './evaluate';
import { applyChanges, canonicalJson, declarePolicyTypes, PolicyWorkspace } from './policyWorkspace';
import type { ChangeCheck, DrawnPair, ResolvedEndpoint, SynthesisOptions } from './synthesisContext';
import { checkChanges, collateralWorkloads, drawnPairs, endpointPoints, noChange, pairAllowed, portRequestsProblem, proposal, resolveEdge, shortWorkloadLabel, workloadIds } from './synthesisContext';
import { formatPortRequests, portDenyMessage } from './synthesisText';

/** One drawn pair: what it allows now, what of that is denied, and what it must keep. */
interface PairPlan {
  pair: DrawnPair;
  allowed: ConnectionSet;
  denied: ConnectionSet;
  kept: ConnectionSet;
}

interface PortDenyContext {
  model: ClusterModel;
  compiled: CompiledModel;
  source: ResolvedEndpoint;
  destination: ResolvedEndpoint;
  requests: PortRequest[];
  plans: PairPlan[];
  options: SynthesisOptions;
}

interface Candidate {
  changes: PolicyChange[];
  steps: SynthesisStep[];
  cautions: SynthesisCaution[];
  /** Per step, the pair an allow-back step admits when it is not the drawn edge (one pair of a namespace). */
  stepPairs: (StepPair | undefined)[];
}

type StepPair = { source: string; destination: string };

type RuleData = { ports?: NetworkPolicyPort[] | null } & Record<string, unknown>;

const ruleListKey = (direction: Direction) => (direction === 'Ingress' ? 'ingress' : 'egress');

// ---------------------------------------------------------------------------------------------
// Port sets

/** The parts of start..end outside `remove` (flat ascending [start, end, …] ranges). */
function rangeWithout(start: number, end: number, remove: readonly number[]): [number, number][] {
  const parts: [number, number][] = [];
  let from = start;
  for (let i = 0; i < remove.length && from <= end; i += 2) {
    const removeStart = remove[i] as number;
    const removeEnd = remove[i + 1] as number;
    if (removeEnd < from) continue;
    if (removeStart > end) break;
    if (removeStart > from) parts.push([from, removeStart - 1]);
    from = Math.max(from, removeEnd + 1);
  }
  if (from <= end) parts.push([from, end]);
  return parts;
}

/** `a` without `b`. */
function setWithout(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  const data: ConnectionSetData = {};
  for (const protocol of PROTOCOLS_IN_PRINT_ORDER) {
    const ranges = a.ranges(protocol);
    const left: PortRange[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      for (const [start, end] of rangeWithout(ranges[i] as number, ranges[i + 1] as number, b.ranges(protocol))) left.push({ start, end });
    }
    if (left.length > 0) data[protocol] = left;
  }
  return ConnectionSet.fromData(data);
}

/** What one requested entry denies toward a destination (named ports resolve on it, NP-34; never on an address, NP-35). */
function requestSet(entry: PortRequest, ports: readonly ContainerPortModel[] | null): ConnectionSet {
  if (entry.port === undefined) return ConnectionSet.of(entry.protocol);
  if (typeof entry.port === 'number') return ConnectionSet.of(entry.protocol, entry.port, entry.endPort ?? entry.port);
  return namedPortSet(entry.protocol, entry.port, ports);
}

function namedPortSet(protocol: Protocol, name: string, ports: readonly ContainerPortModel[] | null): ConnectionSet {
  let set = ConnectionSet.NONE;
  for (const declared of ports ?? []) if (declared.name === name && declared.protocol === protocol) set = set.union(ConnectionSet.of(protocol, declared.containerPort, declared.containerPort));
  return set;
}

function askedSet(requests: readonly PortRequest[], ports: readonly ContainerPortModel[] | null): ConnectionSet {
  return requests.reduce((set, entry) => set.union(requestSet(entry, ports)), ConnectionSet.NONE);
}

/** A set as port entries of the allow dialog: ranges, or every port of a protocol. */
function requestsFor(set: ConnectionSet): PortRequest[] {
  const requests: PortRequest[] = [];
  for (const protocol of PROTOCOLS_IN_PRINT_ORDER) {
    const ranges = set.ranges(protocol);
    if (ranges.length === 2 && ranges[0] === 1 && ranges[1] === 65535) {
      requests.push({ protocol });
      continue;
    }
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i] as number;
      const end = ranges[i + 1] as number;
      requests.push(end > start ? { protocol, port: start, endPort: end } : { protocol, port: start });
    }
  }
  return requests;
}


// ---------------------------------------------------------------------------------------------
// Candidate: drop the denied ports from the rules that admit them

/** What to take out of one rule: ports (from numeric entries) and named entries (by position). */
interface RuleEdit {
  policy: CompiledPolicy;
  ruleIndex: number;
  ports: ConnectionSet;
  named: Set<number>;
}

function subjectAndOther(direction: Direction, pair: DrawnPair): { subject: Endpoint; other: Endpoint } {
  return direction === 'Ingress' ? { subject: pair.destination, other: pair.source } : { subject: pair.source, other: pair.destination };
}

/** The rules of the side's policies that admit a pair on a denied port; undefined when some cannot lose a port (no ports, a subject not isolated). */
function findRuleEdits(context: PortDenyContext, direction: Direction): RuleEdit[] | undefined {
  const { compiled } = context;
  const edits = new Map<string, RuleEdit>();
  for (const plan of context.plans) {
    if (plan.denied.isEmpty()) continue;
    const { subject, other } = subjectAndOther(direction, plan.pair);
    if (subject.kind !== 'workload') return undefined;
    const policies = policiesSelecting(compiled, subject.index, direction);
    if (policies.length === 0) return undefined;
    const ports = destinationPorts(compiled, plan.pair.destination);
    for (const policy of policies) {
      for (const rule of direction === 'Ingress' ? policy.ingressRules : policy.egressRules) {
        if (matchingPeer(compiled, rule, other) === undefined) continue;
        const hit = rulePortsFor(rule, ports).intersect(plan.denied);
        if (hit.isEmpty()) continue;
        // A rule without ports admits every port: no entry to take out.
        if (rule.ports === null) return undefined;
        const key = `${policy.index}:${rule.ruleNumber}`;
        let edit = edits.get(key);
        if (!edit) edits.set(key, (edit = { policy, ruleIndex: rule.ruleNumber - 1, ports: ConnectionSet.NONE, named: new Set() }));
        edit.ports = edit.ports.union(hit);
        const entries = ((policy.model.spec[ruleListKey(direction)] ?? []) as RuleData[])[rule.ruleNumber - 1]?.ports ?? [];
        entries.forEach((entry, position) => {
          if (typeof entry?.port !== 'string') return;
          const resolved = namedPortSet((entry.protocol ?? 'TCP') as Protocol, entry.port, ports);
          if (!resolved.intersect(plan.denied).isEmpty()) edit.named.add(position);
        });
      }
    }
  }
  return [...edits.values()].sort((a, b) => a.policy.index - b.policy.index || a.ruleIndex - b.ruleIndex);
}

interface PortsEdit {
  kept: NetworkPolicyPort[];
  removed: NetworkPolicyPort[];
  split: { range: NetworkPolicyPort; into: NetworkPolicyPort[] }[];
}

/** A port entry for start..end written like `like` (its protocol field kept or left out). */
function entryFor(like: NetworkPolicyPort, start: number, end: number): NetworkPolicyPort {
  return { ...(like.protocol !== undefined && like.protocol !== null ? { protocol: like.protocol } : {}), port: start, ...(end > start ? { endPort: end } : {}) };
}

/** The rule's port list without the edit's ports; undefined when an entry for every port of a protocol admits one of them. */
function editPorts(entries: readonly NetworkPolicyPort[], edit: RuleEdit, endPortSupported: boolean): PortsEdit | undefined {
  const result: PortsEdit = { kept: [], removed: [], split: [] };
  for (const [position, entry] of entries.entries()) {
    if (!entry || typeof entry !== 'object') {
      result.kept.push(entry);
      continue;
    }
    const protocol = (entry.protocol ?? 'TCP') as Protocol;
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      result.kept.push(entry);
      continue;
    }
    const remove = edit.ports.ranges(protocol);
    const port = entry.port;
    if (port === undefined || port === null) {
      if (remove.length > 0) return undefined;
      result.kept.push(entry);
    } else if (typeof port === 'string') {
      if (edit.named.has(position)) result.removed.push({ ...entry, protocol });
      else result.kept.push(entry);
    } else {
      const end = endPortSupported && typeof entry.endPort === 'number' ? entry.endPort : port;
      const left = rangeWithout(port, end, remove);
      if (left.length === 1 && left[0]?.[0] === port && left[0]?.[1] === end) {
        result.kept.push(entry);
        continue;
      }
      const into = left.map(([start, last]) => entryFor(entry, start, last));
      result.kept.push(...into);
      const gone = ConnectionSet.of(protocol, port, end).intersect(edit.ports).ranges(protocol);
      for (let i = 0; i < gone.length; i += 2) result.removed.push(entryFor({ protocol }, gone[i] as number, gone[i + 1] as number));
      if (into.length > 0) result.split.push({ range: { ...entry, protocol }, into: into.map((p) => ({ ...p, protocol })) });
    }
  }
  return result;
}

function dropPorts(context: PortDenyContext, direction: Direction): Candidate | undefined {
  const edits = findRuleEdits(context, direction);
  if (!edits || edits.length === 0) return undefined;
  const workspace = new PolicyWorkspace(context.model);
  const steps: SynthesisStep[] = [];
  const endPortSupported = context.compiled.options.endPortSupported;
  for (const policy of [...new Set(edits.map((edit) => edit.policy))]) {
    const spec = workspace.spec(policy.namespace, policy.model.name);
    const rules = (spec[ruleListKey(direction)] ?? []) as RuleData[];
    const policyEdits = edits.filter((edit) => edit.policy === policy);
    const emptied: number[] = [];
    for (const edit of policyEdits) {
      const rule = rules[edit.ruleIndex];
      if (!rule) return undefined;
      const ports = editPorts(rule.ports ?? [], edit, endPortSupported);
      if (!ports) return undefined;
      const ruleNumber = edit.ruleIndex + 1;
      if (ports.kept.length === 0) {
        // An empty port list would admit every port (NP-14): the rule goes instead.
        emptied.push(edit.ruleIndex);
        steps.push({ kind: 'remove-rule', policy: policy.key, direction, ruleNumber });
        continue;
      }
      rule.ports = ports.kept;
      steps.push({ kind: 'remove-ports', policy: policy.key, direction, ruleNumber, ports: ports.removed, ...(ports.split.length > 0 ? { split: ports.split } : {}) });
    }
    if (direction === 'Egress' && emptied.length === rules.length) declarePolicyTypes(spec);
    for (const ruleIndex of emptied.sort((a, b) => b - a)) rules.splice(ruleIndex, 1);
  }
  const changes = workspace.changes();
  return changes.length > 0 ? { changes, steps, cautions: [], stepPairs: [] } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Candidate: deny the whole pair, then allow back what it keeps

/**
 * The changes as one change per policy, with the same end result: a policy created and then
 * updated is created with its final spec; one deleted and created again under its name is updated.
 */
function netChanges(model: ClusterModel, changes: readonly PolicyChange[]): PolicyChange[] {
  const after = applyChanges(model, changes);
  const key = (policy: { namespace: string; name: string }) => `${policy.namespace}/${policy.name}`;
  const afterByKey = new Map(after.policies.map((policy) => [key(policy), policy]));
  const beforeKeys = new Set(model.policies.map(key));
  const net: PolicyChange[] = [];
  for (const policy of model.policies) {
    const now = afterByKey.get(key(policy));
    if (!now) net.push({ type: 'delete', namespace: policy.namespace, name: policy.name });
    else if (now !== policy && canonicalJson(now.spec) !== canonicalJson(policy.spec)) net.push({ type: 'update', namespace: policy.namespace, name: policy.name, spec: now.spec });
  }
  for (const policy of after.policies) if (!beforeKeys.has(key(policy))) net.push({ type: 'create', policy: { namespace: policy.namespace, name: policy.name, spec: policy.spec } });
  return net;
}

function pointLabel(compiled: CompiledModel, endpoint: Endpoint, resolved: ResolvedEndpoint): string {
  return endpoint.kind === 'workload' ? shortWorkloadLabel(compiled, endpoint.index) : resolved.label;
}

/** A workload of a drawn pair as an endpoint of its own (an address, which never comes here, names nothing). */
function workloadEndpoint(compiled: CompiledModel, endpoint: Endpoint): DesignEndpoint {
  return { kind: 'workload', id: endpoint.kind === 'workload' ? (workloadIds(compiled, [endpoint.index])[0] ?? '') : '' };
}

function denyThenAllowBack(context: PortDenyContext, intent: DenyIntent): Candidate | undefined {
  const { model, compiled, source, destination, options } = context;
  const deny = proposeDenyAll(model, { source: intent.source, destination: intent.destination }, options);
  if (deny.status !== 'proposed') return undefined;
  let current = applyChanges(model, deny.changes);
  const changes: PolicyChange[] = [...deny.changes];
  const steps: SynthesisStep[] = [...deny.steps];
  const stepPairs: (StepPair | undefined)[] = deny.steps.map(() => undefined);
  const cautions: SynthesisCaution[] = deny.cautions.filter((caution) => caution.code !== 'shared-labels');
  const keeping = context.plans.filter((plan) => !plan.kept.isEmpty());
  const keptKeys = new Set(keeping.map((plan) => plan.kept.key()));
  // One allow for the edge as drawn when every pair keeps the same ports; else one per pair of workloads.
  const allows: { source: DesignEndpoint; destination: DesignEndpoint; kept: ConnectionSet; pair?: StepPair }[] =
    keptKeys.size <= 1 || source.kind === 'cidr' || destination.kind === 'cidr'
      ? keeping.length > 0
        ? [{ source: intent.source, destination: intent.destination, kept: keeping.reduce((set, plan) => set.union(plan.kept), ConnectionSet.NONE) }]
        : []
      : keeping.map((plan) => ({
          source: workloadEndpoint(compiled, plan.pair.source),
          destination: workloadEndpoint(compiled, plan.pair.destination),
          kept: plan.kept,
          pair: { source: pointLabel(compiled, plan.pair.source, source), destination: pointLabel(compiled, plan.pair.destination, destination) },
        }));
  for (const allowBack of allows) {
    const sourceSelection = allowBack.source.kind === 'namespace' ? 'namespace' : allowBack.source.kind === 'workload' ? 'workload-labels' : undefined;
    const allow = proposeAllow(current, { source: allowBack.source, destination: allowBack.destination, ports: requestsFor(allowBack.kept), ...(sourceSelection ? { sourceSelection } : {}) }, options);
    if (allow.status === 'invalid') return undefined;
    changes.push(...allow.changes);
    steps.push(...allow.steps);
    stepPairs.push(...allow.steps.map(() => allowBack.pair));
    cautions.push(...allow.cautions.filter((caution) => caution.code !== 'shared-labels'));
    current = applyChanges(current, allow.changes);
  }
  const net = netChanges(model, changes);
  return net.length > 0 ? { changes: net, steps, cautions, stepPairs } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Verification and the front door

/** Cuts ranges at every boundary of `cuts` (both lists cover the same addresses). */
function refine(ranges: readonly AddressRange[], cuts: readonly AddressRange[]): AddressRange[] {
  const points: AddressRange[] = [];
  for (const range of ranges) {
    const starts = new Set<bigint>([range.first]);
    for (const cut of cuts) {
      if (cut.family !== range.family) continue;
      if (cut.first > range.first && cut.first <= range.last) starts.add(cut.first);
      if (cut.last >= range.first && cut.last < range.last) starts.add(cut.last + 1n);
    }
    const sorted = [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((first, i) => points.push({ family: range.family, first, last: i + 1 < sorted.length ? (sorted[i + 1] as bigint) - 1n : range.last }));
  }
  return points;
}

/** The drawn pairs, with address blocks cut along the atoms of both models so each pair reads alike in both. */
function commonPairs(before: CompiledModel, after: CompiledModel, source: ResolvedEndpoint, destination: ResolvedEndpoint): DrawnPair[] {
  const points = (endpoint: ResolvedEndpoint, side: 'source' | 'destination'): Endpoint[] => {
    if (endpoint.kind !== 'cidr') return endpointPoints(before, endpoint, side);
    const ranges = (c: CompiledModel) => endpointPoints(c, endpoint, side).flatMap((point) => (point.kind === 'address' ? [point.range] : []));
    return refine(ranges(before), ranges(after)).map((range) => ({ kind: 'address', range }));
  };
  const pairs: DrawnPair[] = [];
  const destinations = points(destination, 'destination');
  for (const from of points(source, 'source')) {
    for (const to of destinations) if (!(from.kind === 'workload' && to.kind === 'workload' && from.index === to.index)) pairs.push({ source: from, destination: to });
  }
  return pairs;
}

interface Mismatch {
  source: string;
  destination: string;
  expected: string;
  actual: string;
}

/** The first drawn pair that does not allow exactly what it had minus the denied ports, or undefined. */
function firstMismatch(context: PortDenyContext, after: CompiledModel): Mismatch | undefined {
  const { compiled, source, destination, requests } = context;
  const label = (endpoint: Endpoint, resolved: ResolvedEndpoint) => pointLabel(compiled, endpoint, resolved);
  for (const pair of commonPairs(compiled, after, source, destination)) {
    const expected = setWithout(evaluatePair(compiled, pair.source, pair.destination), askedSet(requests, destinationPorts(compiled, pair.destination)));
    const actual = evaluatePair(after, pair.source, pair.destination);
    if (!actual.equals(expected)) return { source: label(pair.source, source), destination: label(pair.destination, destination), expected: expected.toString(), actual: actual.toString() };
  }
  return undefined;
}

/** proposeDeny for an intent with ports: see the header. */
export function proposePortDeny(model: ClusterModel, intent: DenyIntent, options: SynthesisOptions = {}): Proposal {
  const before = analyzeModel(model, options.engineOptions);
  const compiled = before.compiled;
  const edge = resolveEdge(model, compiled, intent, 'delete');
  if ('proposal' in edge) return edge.proposal;
  const { source, destination } = edge;
  const requests = intent.ports ?? [];
  const problem = portRequestsProblem(requests, compiled, destination);
  if (problem) return noChange('invalid', `Cannot delete these ports: ${problem}.`);
  const portsText = formatPortRequests(requests);
  const plans: PairPlan[] = drawnPairs(compiled, source, destination).map((pair) => {
    const allowed = pairAllowed(compiled, pair);
    const asked = askedSet(requests, destinationPorts(compiled, pair.destination));
    return { pair, allowed, denied: allowed.intersect(asked), kept: setWithout(allowed, asked) };
  });
  if (plans.every((plan) => plan.denied.isEmpty())) return noChange('satisfied', `${source.label} already cannot reach ${destination.label} on ${portsText}; nothing to change.`);
  const context: PortDenyContext = { model, compiled, source, destination, requests, plans, options };

  const built: Candidate[] = [];
  for (const direction of [...(destination.kind !== 'cidr' ? (['Ingress'] as const) : []), ...(source.kind !== 'cidr' ? (['Egress'] as const) : [])]) {
    const candidate = dropPorts(context, direction);
    if (candidate) built.push(candidate);
  }
  const denyAndAllow = denyThenAllowBack(context, intent);
  if (denyAndAllow) built.push(denyAndAllow);
  const evaluated = built.map((candidate, order) => {
    const check: ChangeCheck = checkChanges(model, before, candidate.changes, source, destination, options);
    const mismatch = firstMismatch(context, check.after.compiled);
    return { candidate, check, mismatch, verified: check.refused.length === 0 && mismatch === undefined, order };
  });
  const score = (e: (typeof evaluated)[number]) => [e.verified ? 0 : 1, e.check.collateral.length, e.candidate.changes.length, e.candidate.steps.length, e.order];
  const best = evaluated.reduce<(typeof evaluated)[number] | undefined>((winner, e) => {
    if (!winner) return e;
    const a = score(e);
    const b = score(winner);
    for (let i = 0; i < a.length; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number) ? e : winner;
    return winner;
  }, undefined);
  if (!best) return noChange('invalid', `No change of NetworkPolicies takes ${portsText} out of what ${source.label} reaches on ${destination.label}.`);

  const { candidate, check, verified, mismatch } = best;
  const others = collateralWorkloads(check.collateral, [...workloadIds(compiled, source.workloads), ...workloadIds(compiled, destination.workloads)]);
  const cautions: SynthesisCaution[] = [...candidate.cautions, ...(others.length > 0 ? [{ code: 'shared-labels' as const, workloads: others }] : [])];
  const single = plans.length === 1 ? (plans[0] as PairPlan) : undefined;
  const message = portDenyMessage({
    steps: candidate.steps,
    stepPairs: candidate.stepPairs,
    source: source.label,
    destination: destination.label,
    ports: portsText,
    kept: single ? (single.kept.isEmpty() ? null : single.kept.toString()) : undefined,
    collateral: check.collateral,
    verified,
    refused: check.refused,
    ...(mismatch ? { mismatch } : {}),
  });
  return proposal({ changes: candidate.changes, steps: candidate.steps, verified, check, cautions, message });
}
