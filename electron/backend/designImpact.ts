// What a delete takes with it, for the confirmation shown before it happens: the workloads and
// policies deleted along, the policies that stay but selected the deleted workload, and the
// policies whose peers select the target (their rules then admit less). Peers are matched by
// the engine, so "selects" means exactly what evaluation means.
import type { DeletionImpact, DesignTarget } from '../common/design';
import type { Design, Labels } from '../common/model';
import { parseCidr } from '../engine/cidr';
import type { CompiledModel, CompiledPeer, CompiledPolicy } from '../engine/compile';
import { compileModel } from '../engine/compile';
import { workloadId } from '../engine/connectivity';
import { peerMatches } from '../engine/evaluate';
import { namespaceExists, workloadNotFound } from './designOperations';
import { notFound } from './designValidation';

function peersOf(policy: CompiledPolicy): CompiledPeer[] {
  return [...policy.ingressRules, ...policy.egressRules].flatMap((rule) => rule.peers ?? []);
}

const plainOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function keysOf(policies: readonly CompiledPolicy[], test: (policy: CompiledPolicy) => boolean): string[] {
  return [...new Set(policies.filter(test).map((policy) => policy.key))].sort(plainOrder);
}

function workloadIndexes(compiled: CompiledModel, test: (index: number) => boolean): number[] {
  return compiled.workloads.map((_, index) => index).filter(test);
}

/**
 * A peer that picks this namespace by its labels. A selector that also matches a namespace with
 * no labels at all (`{}`, or only NotIn / DoesNotExist) means "any namespace" and is not about
 * this one; such a peer still counts when it reaches a workload inside.
 */
function selectsNamespace(peer: CompiledPeer, labels: Labels): boolean {
  return peer.kind === 'selector' && peer.namespaceMatcher !== null && peer.namespaceMatcher(labels) && !peer.namespaceMatcher({});
}

/** The impact of deleting `target`, or why there is nothing to delete. */
export function deletionImpact(design: Design, target: DesignTarget): DeletionImpact | { error: string } {
  const model = design.model;
  const compiled = compileModel(model);
  const matchesWorkload = (peer: CompiledPeer, index: number) => peerMatches(compiled, peer, { kind: 'workload', index });
  if (target.kind === 'namespace') {
    if (!namespaceExists(model, target.name)) return { error: notFound('Namespace', target.name) };
    const labels = compiled.namespaces.get(target.name)?.labels ?? {};
    const inside = workloadIndexes(compiled, (index) => compiled.workloads[index]?.namespace === target.name);
    return {
      target,
      deletedWorkloads: inside.map((index) => workloadId(compiled.workloads[index] as { namespace: string; name: string; kind: string })),
      deletedPolicies: model.policies.filter((policy) => policy.namespace === target.name).map((policy) => `${policy.namespace}/${policy.name}`).sort(plainOrder),
      subjectPolicies: [],
      peerPolicies: keysOf(
        compiled.policies,
        (policy) =>
          policy.namespace !== target.name &&
          peersOf(policy).some((peer) => selectsNamespace(peer, labels) || inside.some((index) => matchesWorkload(peer, index))),
      ),
    };
  }
  if (target.kind === 'workload') {
    const index = compiled.workloads.findIndex((workload) => workloadId(workload) === target.id);
    const workload = compiled.workloads[index];
    if (!workload) return { error: workloadNotFound(target.id) };
    return {
      target,
      deletedWorkloads: [target.id],
      deletedPolicies: [],
      subjectPolicies: keysOf(compiled.policies, (policy) => policy.namespace === workload.namespace && policy.selects(workload.labels)),
      peerPolicies: keysOf(compiled.policies, (policy) => peersOf(policy).some((peer) => matchesWorkload(peer, index))),
    };
  }
  const block = (model.externalBlocks ?? []).find((candidate) => candidate.name === target.name);
  if (!block) return { error: `external block "${target.name}" not found` };
  const range = parseCidr(block.cidr);
  const overlaps = (peer: CompiledPeer) =>
    range !== undefined && peer.kind === 'ipBlock' && peer.ranges.some((r) => r.family === range.family && r.first <= range.last && range.first <= r.last);
  return { target, deletedWorkloads: [], deletedPolicies: [], subjectPolicies: [], peerPolicies: keysOf(compiled.policies, (policy) => peersOf(policy).some(overlaps)) };
}
