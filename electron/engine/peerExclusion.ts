// Leaving endpoints out of a selection (delete to deny): the label requirement that excludes the
// drawn workloads and as few others as possible, applied to a peer or a pod selector, and the
// peer list that means "everything except" an endpoint. NetworkPolicy has no deny, so an
// exclusion is always written as NotIn (NP-25: NotIn also holds when the key is absent).
import type { LabelSelector, NetworkPolicyPeer } from '../common/model';
import type { PeerExclusion } from '../common/synthesis';
import { formatIP, parseIP } from './cidr';
import type { CompiledModel } from './compile';
import { METADATA_NAME_LABEL } from './compile';
import { clonePlain } from './policyWorkspace';
import type { ResolvedEndpoint } from './synthesisContext';

export interface ExclusionChoice {
  exclusion: PeerExclusion;
  /** Workloads among the candidates, besides the drawn ones, that the exclusion leaves out too. */
  alsoExcluded: number[];
}

/**
 * The requirement that leaves out the drawn workloads among `candidates` with the fewest others:
 * a pod label they all share, their namespace (only where the peer has a namespaceSelector), or
 * both. Undefined when none of the drawn workloads is a candidate or nothing they share exists.
 */
export function chooseExclusion(
  compiled: CompiledModel,
  drawn: readonly number[],
  candidates: readonly number[],
  options: { allowNamespace: boolean; preferNamespace: boolean },
): ExclusionChoice | undefined {
  const candidateSet = new Set(candidates);
  const targets = drawn.filter((index) => candidateSet.has(index));
  if (targets.length === 0) return undefined;
  const targetSet = new Set(targets);
  const others = candidates.filter((index) => !targetSet.has(index));
  const labels = (index: number) => compiled.workloads[index]?.labels ?? {};
  const namespaceOf = (index: number) => compiled.workloads[index]?.namespace;
  const first = labels(targets[0] as number);
  const hasLabel = (index: number, key: string, value: string) => Object.hasOwn(labels(index), key) && labels(index)[key] === value;
  const common = Object.keys(first)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .filter((key) => targets.every((index) => hasLabel(index, key, first[key] as string)));
  const choices: { choice: ExclusionChoice; rank: number }[] = [];
  for (const key of common) {
    const value = first[key] as string;
    choices.push({ choice: { exclusion: { podLabel: { key, value } }, alsoExcluded: others.filter((o) => hasLabel(o, key, value)) }, rank: options.preferNamespace ? 1 : 0 });
  }
  const namespaces = new Set(targets.map(namespaceOf));
  const namespace = [...namespaces][0];
  if (options.allowNamespace && namespaces.size === 1 && namespace !== undefined) {
    choices.push({ choice: { exclusion: { namespace }, alsoExcluded: others.filter((o) => namespaceOf(o) === namespace) }, rank: options.preferNamespace ? 0 : 1 });
    for (const key of common) {
      const value = first[key] as string;
      const alsoExcluded = others.filter((o) => namespaceOf(o) === namespace && hasLabel(o, key, value));
      choices.push({ choice: { exclusion: { namespace, podLabel: { key, value } }, alsoExcluded }, rank: 2 });
    }
  }
  let best: { choice: ExclusionChoice; rank: number } | undefined;
  for (const option of choices) {
    if (!best || option.choice.alsoExcluded.length < best.choice.alsoExcluded.length || (option.choice.alsoExcluded.length === best.choice.alsoExcluded.length && option.rank < best.rank)) {
      best = option;
    }
  }
  return best?.choice;
}

/** The selector with one more requirement: `key NotIn [value]`. */
export function withNotIn(selector: LabelSelector | null | undefined, key: string, value: string): LabelSelector {
  const result: LabelSelector = clonePlain(selector ?? {});
  if (result.matchLabels && Object.keys(result.matchLabels).length === 0) delete result.matchLabels;
  result.matchExpressions = [...(result.matchExpressions ?? []), { key, operator: 'NotIn', values: [value] }];
  return result;
}

function withLabel(selector: LabelSelector | null | undefined, key: string, value: string): LabelSelector {
  const result: LabelSelector = clonePlain(selector ?? {});
  if (result.matchLabels?.[key] === value) return result;
  result.matchLabels = { ...(result.matchLabels ?? {}), [key]: value };
  return result;
}

/** The peer with the exclusion applied: one peer, or two when a namespace is left out only for some of its pods. */
export function excludeFromPeer(peer: NetworkPolicyPeer, exclusion: PeerExclusion): NetworkPolicyPeer[] {
  const { podLabel, namespace } = exclusion;
  if (podLabel && namespace) {
    return [
      { ...clonePlain(peer), namespaceSelector: withNotIn(peer.namespaceSelector, METADATA_NAME_LABEL, namespace) },
      {
        ...clonePlain(peer),
        namespaceSelector: withLabel(peer.namespaceSelector, METADATA_NAME_LABEL, namespace),
        podSelector: withNotIn(peer.podSelector, podLabel.key, podLabel.value),
      },
    ];
  }
  if (namespace) return [{ ...clonePlain(peer), namespaceSelector: withNotIn(peer.namespaceSelector, METADATA_NAME_LABEL, namespace) }];
  if (podLabel) return [{ ...clonePlain(peer), podSelector: withNotIn(peer.podSelector, podLabel.key, podLabel.value) }];
  return [clonePlain(peer)];
}

/** Host CIDRs (/32, /128) of the workloads' known pod IPs, IPv4 first. */
export function podHostCidrs(compiled: CompiledModel, workloads: readonly number[]): { v4: string[]; v6: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const index of workloads) {
    for (const text of compiled.workloads[index]?.podIPs ?? []) {
      const address = parseIP(text);
      if (!address) continue;
      (address.family === 4 ? v4 : v6).push(`${formatIP(address.family, address.value)}/${address.family === 4 ? 32 : 128}`);
    }
  }
  return { v4: [...new Set(v4)], v6: [...new Set(v6)] };
}

export interface EverythingExcept {
  peers: NetworkPolicyPeer[];
  exclusion: PeerExclusion;
  /** Workloads left out besides the endpoint's (no label tells them apart). */
  alsoExcluded: number[];
  /** Excluded workloads whose pod IPs are unknown, so no ipBlock except could be written for them. */
  withoutIPs: number[];
}

/**
 * Peers admitting every pod and every external address except the endpoint's: a rule with these
 * peers keeps every other pair of a rule without peers (or of a non-isolated workload) as it was.
 */
export function everythingExcept(compiled: CompiledModel, excluded: ResolvedEndpoint): EverythingExcept {
  const families = [...compiled.sourceAtoms, ...compiled.destinationAtoms].some((atom) => atom.family === 6) ? [4, 6] : [4];
  const whole = (family: number) => (family === 4 ? '0.0.0.0/0' : '::/0');
  if (excluded.kind === 'cidr' && excluded.ipBlock) {
    const block = excluded.ipBlock;
    const family = block.cidr.includes(':') ? 6 : 4;
    const peers: NetworkPolicyPeer[] = [{ namespaceSelector: {} }];
    for (const f of new Set([...families, family])) {
      if (f !== family) peers.push({ ipBlock: { cidr: whole(f) } });
      else if (block.cidr !== whole(f)) peers.push({ ipBlock: { cidr: whole(f), except: [block.cidr] } });
    }
    for (const hole of block.except) peers.push({ ipBlock: { cidr: hole } });
    return { peers, exclusion: { exceptCidrs: [block.cidr] }, alsoExcluded: [], withoutIPs: [] };
  }
  const all = compiled.workloads.map((_, index) => index);
  const choice = chooseExclusion(compiled, excluded.workloads, all, { allowNamespace: true, preferNamespace: excluded.kind === 'namespace' }) ?? {
    exclusion: {},
    alsoExcluded: [],
  };
  const { podLabel, namespace } = choice.exclusion;
  const peers: NetworkPolicyPeer[] = [];
  if (podLabel && namespace) {
    peers.push({ namespaceSelector: withNotIn({}, METADATA_NAME_LABEL, namespace) });
    peers.push({ namespaceSelector: { matchLabels: { [METADATA_NAME_LABEL]: namespace } }, podSelector: withNotIn({}, podLabel.key, podLabel.value) });
  } else if (namespace) {
    peers.push({ namespaceSelector: withNotIn({}, METADATA_NAME_LABEL, namespace) });
  } else if (podLabel) {
    peers.push({ namespaceSelector: {}, podSelector: withNotIn({}, podLabel.key, podLabel.value) });
  } else {
    peers.push({ namespaceSelector: {} });
  }
  const hosts = podHostCidrs(compiled, excluded.workloads);
  for (const family of families) {
    const except = family === 4 ? hosts.v4 : hosts.v6;
    peers.push({ ipBlock: except.length > 0 ? { cidr: whole(family), except } : { cidr: whole(family) } });
  }
  const exceptCidrs = [...hosts.v4, ...hosts.v6];
  return {
    peers,
    exclusion: { ...choice.exclusion, ...(exceptCidrs.length > 0 ? { exceptCidrs } : {}) },
    alsoExcluded: choice.alsoExcluded,
    withoutIPs: excluded.workloads.filter((index) => (compiled.workloads[index]?.podIPs ?? []).length === 0),
  };
}
