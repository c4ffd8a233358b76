// Delete to deny (issue 5): the smallest change of policies after which the drawn source no
// longer reaches the drawn destination. NetworkPolicies only allow, so denying means taking the
// pair out of every rule that admits it: remove a peer (or a rule, or a policy left empty) that
// matches only the pair, narrow a peer that matches others too (NotIn on a label telling the
// source apart), split a policy whose other workloads must keep the rule, or isolate a
// destination that is not isolated with a rule admitting everyone else. Candidates are built on
// the ingress side and, when the source is egress-isolated (or the destination is an address
// block), on the egress side; each is re-evaluated and the one with the least collateral wins.
import type { Direction } from '../common/explanation';
import type { ClusterModel, NetworkPolicyPeer } from '../common/model';
import type { DenyIntent, PeerExclusion, PolicyChange, Proposal, SynthesisCaution, SynthesisStep } from '../common/synthesis';
import { analyzeModel } from './analysis';
import { parseCidr } from './cidr';
import type { CompiledModel, CompiledPeer, CompiledPolicy } from './compile';
import { rulePortsFor } from './compile';
import type { Endpoint } from './evaluate';
import { destinationPorts, peerMatches, policiesSelecting } from './evaluate';
import { chooseExclusion, everythingExcept, excludeFromPeer, podHostCidrs, withNotIn } from './peerExclusion';
import { clonePlain, declarePolicyTypes, PolicyWorkspace } from './policyWorkspace';
import type { ChangeCheck, DrawnPair, ResolvedEndpoint, SynthesisOptions } from './synthesisContext';
import {
  checkChanges,
  collateralWorkloads,
  drawnPairs,
  labelsOf,
  noChange,
  pairAllowed,
  proposal,
  resolveEdge,
  selectorForLabels,
  workloadIds,
} from './synthesisContext';
import { denyMessage } from './synthesisText';

interface DenyContext {
  compiled: CompiledModel;
  source: ResolvedEndpoint;
  destination: ResolvedEndpoint;
  /** The drawn pairs that currently allow something. */
  pairs: DrawnPair[];
}

/** A rule admitting some drawn pair: through its matching peers (0-based), or through having no peers at all. */
interface RuleCut {
  policy: CompiledPolicy;
  ruleIndex: number;
  all: boolean;
  peers: Set<number>;
}

interface Candidate {
  changes: PolicyChange[];
  steps: SynthesisStep[];
  cautions: SynthesisCaution[];
  isolates: boolean;
}

const ruleListKey = (direction: Direction) => (direction === 'Ingress' ? 'ingress' : 'egress');
const peerListKey = (direction: Direction) => (direction === 'Ingress' ? 'from' : 'to');
type RuleData = Record<string, unknown>;

function subjectAndOther(direction: Direction, pair: DrawnPair): { subject: Extract<Endpoint, { kind: 'workload' }>; other: Endpoint } {
  const subject = (direction === 'Ingress' ? pair.destination : pair.source) as Extract<Endpoint, { kind: 'workload' }>;
  return { subject, other: direction === 'Ingress' ? pair.source : pair.destination };
}

/** Every rule of the subjects' policies admitting some drawn pair, and the subjects no policy isolates. */
function findCuts(context: DenyContext, direction: Direction): { cuts: RuleCut[]; open: number[] } {
  const { compiled } = context;
  const cuts = new Map<string, RuleCut>();
  const open = new Set<number>();
  const cutOf = (policy: CompiledPolicy, ruleIndex: number) => {
    const key = `${policy.index}:${ruleIndex}`;
    let cut = cuts.get(key);
    if (!cut) cuts.set(key, (cut = { policy, ruleIndex, all: false, peers: new Set() }));
    return cut;
  };
  for (const pair of context.pairs) {
    const { subject, other } = subjectAndOther(direction, pair);
    const policies = policiesSelecting(compiled, subject.index, direction);
    if (policies.length === 0) {
      open.add(subject.index);
      continue;
    }
    const ports = destinationPorts(compiled, pair.destination);
    for (const policy of policies) {
      for (const rule of direction === 'Ingress' ? policy.ingressRules : policy.egressRules) {
        if (rulePortsFor(rule, ports).isEmpty()) continue;
        if (rule.peers === null) {
          cutOf(policy, rule.ruleNumber - 1).all = true;
          continue;
        }
        for (const peer of rule.peers) if (peerMatches(compiled, peer, other)) cutOf(policy, rule.ruleNumber - 1).peers.add(peer.peerNumber - 1);
      }
    }
  }
  return { cuts: [...cuts.values()], open: [...open] };
}

type PeerCut = { remove: true } | { remove: false; peers: NetworkPolicyPeer[]; exclusion: PeerExclusion };

/** Takes the drawn endpoint out of one peer: remove it when it matches nothing else, else narrow it. */
function cutPeer(compiled: CompiledModel, peer: NetworkPolicyPeer, compiledPeer: CompiledPeer, other: ResolvedEndpoint): PeerCut {
  if (compiledPeer.kind === 'selector') {
    const matched = compiled.workloads.flatMap((_, index) => (peerMatches(compiled, compiledPeer, { kind: 'workload', index }) ? [index] : []));
    const drawn = new Set(other.workloads);
    const rest = matched.filter((index) => !drawn.has(index));
    if (rest.length === 0) return { remove: true };
    const choice = chooseExclusion(compiled, other.workloads, matched, { allowNamespace: Boolean(peer.namespaceSelector), preferNamespace: other.kind === 'namespace' });
    if (!choice || choice.alsoExcluded.length === rest.length) return { remove: true };
    return { remove: false, peers: excludeFromPeer(peer, choice.exclusion), exclusion: choice.exclusion };
  }
  const block = peer.ipBlock;
  const range = block ? parseCidr(block.cidr) : undefined;
  if (!block || !range) return { remove: true };
  let holes: string[];
  if (other.kind === 'cidr' && other.ipBlock) {
    const drawn = parseCidr(other.ipBlock.cidr);
    // CIDRs nest or are disjoint: the drawn block holds this peer (remove it) or lies strictly inside it (except it).
    if (!drawn || (drawn.first <= range.first && range.last <= drawn.last)) return { remove: true };
    holes = [drawn.canonical];
  } else {
    // A workload matched by pod IP (NP-40): except its pod IPs inside the block.
    const hosts = podHostCidrs(compiled, other.workloads);
    holes = [...hosts.v4, ...hosts.v6].filter((host) => {
      const parsed = parseCidr(host);
      return parsed !== undefined && parsed.family === range.family && range.first <= parsed.first && parsed.last <= range.last;
    });
    if (range.prefix === (range.family === 4 ? 32 : 128) || holes.length === 0) return { remove: true };
  }
  const except = [...(block.except ?? [])];
  for (const hole of holes) if (!except.includes(hole)) except.push(hole);
  return { remove: false, peers: [{ ...clonePlain(peer), ipBlock: { cidr: block.cidr, except } }], exclusion: { exceptCidrs: holes } };
}

/** Applies the cuts; returns the edited policies with the (0-based) numbers of their edited rules. */
function applyCuts(
  context: DenyContext,
  workspace: PolicyWorkspace,
  direction: Direction,
  cuts: RuleCut[],
  steps: SynthesisStep[],
  cautions: SynthesisCaution[],
): Map<CompiledPolicy, number[]> {
  const { compiled } = context;
  const other = direction === 'Ingress' ? context.source : context.destination;
  const edited = new Map<CompiledPolicy, number[]>();
  for (const cut of cuts) edited.set(cut.policy, [...(edited.get(cut.policy) ?? []), cut.ruleIndex].sort((a, b) => a - b));
  const deleted = new Set<CompiledPolicy>();
  for (const [policy, ruleIndexes] of [...edited].sort((a, b) => a[0].index - b[0].index)) {
    const name = policy.model.name;
    const key = policy.key;
    const spec = workspace.spec(policy.namespace, name);
    const rules = (spec[ruleListKey(direction)] ?? []) as RuleData[];
    const policySteps: SynthesisStep[] = [];
    // From the last rule up, so removing a rule does not shift the ones still to edit.
    for (const ruleIndex of [...ruleIndexes].reverse()) {
      const cut = cuts.find((c) => c.policy === policy && c.ruleIndex === ruleIndex) as RuleCut;
      const rule = rules[ruleIndex] as RuleData;
      const compiledRule = (direction === 'Ingress' ? policy.ingressRules : policy.egressRules)[ruleIndex];
      const ruleNumber = ruleIndex + 1;
      if (cut.all) {
        const everything = everythingExcept(compiled, other);
        // Peers first, as people write them (`from:` above `ports:`); an empty `from: []` goes (NP-9).
        const { [peerListKey(direction)]: _empty, ...rest } = rule;
        rules[ruleIndex] = { [peerListKey(direction)]: everything.peers, ...rest };
        policySteps.unshift({ kind: 'restrict-rule', policy: key, direction, ruleNumber, exclusion: everything.exclusion });
        if (everything.withoutIPs.length > 0) cautions.push({ code: 'ip-block-may-match-pods', workloads: workloadIds(compiled, everything.withoutIPs) });
        continue;
      }
      const peers = (rule[peerListKey(direction)] ?? []) as NetworkPolicyPeer[];
      const kept: NetworkPolicyPeer[] = [];
      const peerSteps: SynthesisStep[] = [];
      peers.forEach((peer, peerIndex) => {
        const compiledPeer = compiledRule?.peers?.[peerIndex];
        if (!cut.peers.has(peerIndex) || !compiledPeer) {
          kept.push(peer);
          return;
        }
        const result = cutPeer(compiled, peer, compiledPeer, other);
        if (result.remove) {
          peerSteps.push({ kind: 'remove-peer', policy: key, direction, ruleNumber, peerNumber: peerIndex + 1 });
        } else {
          kept.push(...result.peers);
          peerSteps.push({ kind: 'narrow-peer', policy: key, direction, ruleNumber, peerNumber: peerIndex + 1, exclusion: result.exclusion });
        }
      });
      if (kept.length === 0) {
        // An empty peer list would admit everyone (NP-14): the rule goes instead; the policy's
        // last egress rule going must not take its egress isolation with it (NP-1).
        if (direction === 'Egress' && rules.length === 1) declarePolicyTypes(spec);
        rules.splice(ruleIndex, 1);
        policySteps.unshift({ kind: 'remove-rule', policy: key, direction, ruleNumber });
      } else {
        rule[peerListKey(direction)] = kept;
        policySteps.unshift(...peerSteps);
      }
    }
    steps.push(...policySteps);
    // An emptied rule list says what its absence says (NP-1, NP-9); the YAML reads better without it.
    if (rules.length === 0) delete spec[ruleListKey(direction)];
    // A policy left without any rule only isolates; when others isolate the same workloads, it goes.
    if ((spec.ingress ?? []).length === 0 && (spec.egress ?? []).length === 0) {
      const isolatedBy = othersIsolating(compiled, policy, deleted);
      if (isolatedBy) {
        workspace.delete(policy.namespace, name);
        deleted.add(policy);
        steps.push({ kind: 'delete-policy', policy: key, direction, isolatedBy });
      }
    }
  }
  return edited;
}

/** The other policies that isolate every workload `policy` selects in every direction it affects, or undefined. */
function othersIsolating(compiled: CompiledModel, policy: CompiledPolicy, deleted: ReadonlySet<CompiledPolicy>): string[] | undefined {
  const keys = new Set<string>();
  const subjects = compiled.workloads.flatMap((w, index) => (w.namespace === policy.namespace && policy.selects(w.labels) ? [index] : []));
  for (const direction of ['Ingress', 'Egress'] as const) {
    if (!(direction === 'Ingress' ? policy.affectsIngress : policy.affectsEgress)) continue;
    for (const subject of subjects) {
      const others = policiesSelecting(compiled, subject, direction).filter((p) => p !== policy && !deleted.has(p));
      if (others.length === 0) return undefined;
      for (const other of others) keys.add(other.key);
    }
  }
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Isolates the open subjects with a policy admitting everything but the drawn other end. */
function isolate(context: DenyContext, workspace: PolicyWorkspace, direction: Direction, open: number[], steps: SynthesisStep[], cautions: SynthesisCaution[]): void {
  const { compiled } = context;
  const subject = direction === 'Ingress' ? context.destination : context.source;
  const other = direction === 'Ingress' ? context.source : context.destination;
  const namespace = subject.namespace as string;
  const everything = everythingExcept(compiled, other);
  const groups =
    subject.kind === 'namespace' && open.length === subject.workloads.length
      ? [{ selector: {}, subjects: open, hint: subject.nameHint }]
      : open.map((index) => ({ selector: selectorForLabels(labelsOf(compiled, index)), subjects: [index], hint: compiled.workloads[index]?.name ?? '' }));
  for (const group of groups) {
    const base = direction === 'Ingress' ? `allow-all-to-${group.hint}-except-${other.nameHint}` : `allow-all-from-${group.hint}-except-to-${other.nameHint}`;
    const rule = { [peerListKey(direction)]: clonePlain(everything.peers) };
    const name = workspace.create(namespace, base, { podSelector: group.selector, policyTypes: [direction], [ruleListKey(direction)]: [rule] });
    const policy = `${namespace}/${name}`;
    steps.push({ kind: 'create-policy', policy, direction, purpose: 'isolate', selects: workloadIds(compiled, group.subjects), exclusion: everything.exclusion });
    steps.push({ kind: 'add-rule', policy, direction, ruleNumber: 1, peers: everything.peers, ports: null });
  }
  if (everything.withoutIPs.length > 0) cautions.push({ code: 'ip-block-may-match-pods', workloads: workloadIds(compiled, everything.withoutIPs) });
}

/**
 * For each edited policy that also selects workloads outside the drawn subjects, a new policy
 * selecting those others (NotIn on a label telling the subjects apart) with the edited rules as
 * they were, so the cut only reaches the drawn subjects. False when no policy needed it.
 */
function split(context: DenyContext, workspace: PolicyWorkspace, direction: Direction, edited: Map<CompiledPolicy, number[]>, steps: SynthesisStep[]): boolean {
  const { compiled } = context;
  const subject = direction === 'Ingress' ? context.destination : context.source;
  const drawn = new Set(subject.workloads);
  let splitAny = false;
  for (const [policy, ruleIndexes] of edited) {
    const selected = compiled.workloads.flatMap((w, index) => (w.namespace === policy.namespace && policy.selects(w.labels) ? [index] : []));
    const rest = selected.filter((index) => !drawn.has(index));
    if (rest.length === 0) continue;
    const choice = chooseExclusion(compiled, subject.workloads, selected, { allowNamespace: false, preferNamespace: false });
    const label = choice?.exclusion.podLabel;
    if (!choice || !label || choice.alsoExcluded.length === rest.length) continue;
    const originals = (policy.model.spec[ruleListKey(direction)] ?? []) as RuleData[];
    const rules = ruleIndexes.map((index) => clonePlain(originals[index] as RuleData));
    const name = workspace.create(policy.namespace, `${policy.model.name}-except-${subject.nameHint}`, {
      podSelector: withNotIn(policy.model.spec.podSelector, label.key, label.value),
      policyTypes: [direction],
      [ruleListKey(direction)]: rules,
    });
    const keeps = rest.filter((index) => !choice.alsoExcluded.includes(index));
    steps.push({
      kind: 'create-policy',
      policy: `${policy.namespace}/${name}`,
      direction,
      purpose: 'split',
      selects: workloadIds(compiled, keeps),
      splitFrom: { policy: policy.key, ruleNumbers: ruleIndexes.map((index) => index + 1) },
    });
    splitAny = true;
  }
  return splitAny;
}

function buildCandidate(model: ClusterModel, context: DenyContext, direction: Direction, withSplit: boolean): Candidate | undefined {
  const { cuts, open } = findCuts(context, direction);
  // A source's egress is isolated only when the destination is an address block (no ingress side to cut).
  if (open.length > 0 && direction === 'Egress' && context.destination.kind !== 'cidr') return undefined;
  const workspace = new PolicyWorkspace(model);
  const steps: SynthesisStep[] = [];
  const cautions: SynthesisCaution[] = [];
  const edited = applyCuts(context, workspace, direction, cuts, steps, cautions);
  if (open.length > 0) isolate(context, workspace, direction, open, steps, cautions);
  if (withSplit && !split(context, workspace, direction, edited, steps)) return undefined;
  const changes = workspace.changes();
  return changes.length > 0 ? { changes, steps, cautions, isolates: open.length > 0 } : undefined;
}

export function proposeDeny(model: ClusterModel, intent: DenyIntent, options: SynthesisOptions = {}): Proposal {
  const before = analyzeModel(model, options.engineOptions);
  const compiled = before.compiled;
  const edge = resolveEdge(model, compiled, intent, 'delete');
  if ('proposal' in edge) return edge.proposal;
  const { source: src, destination: dst } = edge;
  const pairs = drawnPairs(compiled, src, dst).filter((pair) => !pairAllowed(compiled, pair).isEmpty());
  if (pairs.length === 0) return noChange('satisfied', `${src.label} already cannot reach ${dst.label}; nothing to change.`);
  const context: DenyContext = { compiled, source: src, destination: dst, pairs };

  const built: Candidate[] = [];
  const directions: Direction[] = [...(dst.kind !== 'cidr' ? (['Ingress'] as const) : []), ...(src.kind !== 'cidr' ? (['Egress'] as const) : [])];
  for (const direction of directions) {
    for (const withSplit of [false, true]) {
      const candidate = buildCandidate(model, context, direction, withSplit);
      if (candidate) built.push(candidate);
    }
  }
  const evaluated = built.map((candidate, order) => {
    const check: ChangeCheck = checkChanges(model, before, candidate.changes, src, dst, options);
    const verified = check.refused.length === 0 && drawnPairs(check.after.compiled, src, dst).every((pair) => pairAllowed(check.after.compiled, pair).isEmpty());
    return { candidate, check, verified, order };
  });
  const score = (e: (typeof evaluated)[number]) => [e.verified ? 0 : 1, e.check.collateral.length, e.candidate.isolates ? 1 : 0, e.candidate.changes.length, e.candidate.steps.length, e.order];
  const best = evaluated.reduce<(typeof evaluated)[number] | undefined>((winner, e) => {
    if (!winner) return e;
    const a = score(e);
    const b = score(winner);
    for (let i = 0; i < a.length; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number) ? e : winner;
    return winner;
  }, undefined);
  if (!best) return noChange('invalid', `No change of NetworkPolicies separates ${src.label} from ${dst.label}.`);

  const { candidate, check, verified } = best;
  const others = collateralWorkloads(check.collateral, [...workloadIds(compiled, src.workloads), ...workloadIds(compiled, dst.workloads)]);
  const cautions: SynthesisCaution[] = [...candidate.cautions, ...(others.length > 0 ? [{ code: 'shared-labels' as const, workloads: others }] : [])];
  const message = denyMessage({ steps: candidate.steps, source: src.label, destination: dst.label, collateral: check.collateral, verified, refused: check.refused });
  return proposal({ changes: candidate.changes, steps: candidate.steps, verified, check, cautions, message });
}
