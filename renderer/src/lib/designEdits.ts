// Editing and deleting what a design holds, as the inspector needs it: the delete target of a
// selection, the confirmation's sections from the backend's DeletionImpact, the text the edit
// forms start with (`k=v, …` labels, `name:80/TCP, …` ports), and the preview's YAML diff of
// the policies a proposal changes. Pure functions over the snapshot; every policy question is the backend's.
import { Document } from 'yaml';
import type { DeletionImpact, DesignTarget, PolicyChange } from '../../../electron/common/design';
import type { ContainerPortModel, Labels, NetworkPolicySpec } from '../../../electron/common/model';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { externalById, externalRangeLabel, type Selection } from './reviewQueries';

/** The label every namespace has; the backend keeps it, so the edit form leaves it out. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function labelsText(labels: Labels, without: readonly string[] = []): string {
  return Object.entries(labels)
    .filter(([key]) => !without.includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

export function portsText(ports: readonly ContainerPortModel[]): string {
  return ports.map((port) => `${port.name ? `${port.name}:` : ''}${port.containerPort}/${port.protocol}`).join(', ');
}

/** The design's external blocks drawn as this external range (same CIDR). */
export function externalBlocksFor(
  snapshot: ReviewSnapshot | undefined,
  blocks: readonly { name: string; cidr: string }[],
  externalId: string,
): { name: string; cidr: string }[] {
  const external = externalById(snapshot, externalId);
  if (!external) return [];
  const cidr = externalRangeLabel(external.firstIP, external.lastIP);
  return blocks.filter((block) => block.cidr === cidr);
}

/** What deleting the selection would delete, or undefined when it is not a workload, namespace or external block. */
export function deleteTargetFor(
  snapshot: ReviewSnapshot | undefined,
  blocks: readonly { name: string; cidr: string }[],
  selection: Selection,
): DesignTarget | undefined {
  if (selection.kind === 'workload') return { kind: 'workload', id: selection.id };
  if (selection.kind === 'namespace') return { kind: 'namespace', name: selection.name };
  if (selection.kind === 'external') {
    const block = externalBlocksFor(snapshot, blocks, selection.id)[0];
    return block ? { kind: 'external', name: block.name } : undefined;
  }
  return undefined;
}

export function targetLabel(target: DesignTarget): string {
  if (target.kind === 'workload') return `workload ${target.id}`;
  if (target.kind === 'namespace') return `namespace ${target.name}`;
  return `external block ${target.name}`;
}

/** One list of the confirmation: a heading and what it lists. */
export interface ImpactSection {
  title: string;
  items: string[];
}

/** The workloads deleted besides the target itself. */
function alsoDeleted(impact: DeletionImpact): string[] {
  const target = impact.target;
  return impact.deletedWorkloads.filter((id) => !(target.kind === 'workload' && id === target.id));
}

/** The confirmation's lists, empty ones left out, in the order the user weighs them. */
export function impactSections(impact: DeletionImpact): ImpactSection[] {
  const sections: ImpactSection[] = [
    { title: 'Workloads deleted with it', items: alsoDeleted(impact) },
    { title: 'Policies deleted with it', items: impact.deletedPolicies },
    { title: 'Policies that select it and stay (they then select fewer pods)', items: impact.subjectPolicies },
    { title: 'Policies whose peers select it (their rules then admit less, or nothing)', items: impact.peerPolicies },
  ];
  return sections.filter((section) => section.items.length > 0);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One sentence summing up a deletion, for the dialog and the status bar. */
export function impactSummary(impact: DeletionImpact): string {
  const parts: string[] = [];
  const workloads = alsoDeleted(impact);
  if (workloads.length > 0) parts.push(count(workloads.length, 'workload', 'workloads'));
  if (impact.deletedPolicies.length > 0) parts.push(count(impact.deletedPolicies.length, 'policy', 'policies'));
  const deleted = parts.length > 0 ? ` with ${parts.join(' and ')}` : '';
  const touched = new Set([...impact.subjectPolicies, ...impact.peerPolicies]).size;
  const affects = touched > 0 ? `; ${count(touched, 'other policy refers', 'other policies refer')} to it` : '';
  return `Delete ${targetLabel(impact.target)}${deleted}${affects}.`;
}

// The preview's YAML diff --------------------------------------------------------------------

/** One line of a diff: kept, removed (`-`) or added (`+`). */
export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** A line diff by longest common subsequence (policies are a few dozen lines; quadratic is fine). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] = a[i] === b[j] ? (common[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++] as string });
      j++;
    } else if (j < b.length && (i >= a.length || (common[i]?.[j + 1] ?? 0) > (common[i + 1]?.[j] ?? 0))) {
      lines.push({ kind: 'added', text: b[j++] as string });
    } else {
      lines.push({ kind: 'removed', text: a[i++] as string });
    }
  }
  return lines;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The marker a diff line is shown with, so that colour never carries the meaning alone. */
export function diffMarker(kind: DiffLine['kind']): string {
  return kind === 'added' ? '+' : kind === 'removed' ? '-' : ' ';
}

/**
 * A policy's manifest as the export writes it: the same `yaml` library with the same options
 * (YAML 1.1 quoting, no aliases, no folding; electron/manifests/exportPolicies.ts), so that an
 * unchanged line diffs as unchanged.
 */
export function policyYaml(namespace: string, name: string, spec: NetworkPolicySpec): string {
  const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
  return new Document(manifest, { version: '1.1', aliasDuplicateObjects: false }).toString({ lineWidth: 0, minContentWidth: 0 });
}

/** A policy's document in the snapshot's files, by the lines the snapshot gives it; empty when unknown. */
export function currentPolicyYaml(snapshot: ReviewSnapshot | undefined, key: string): string {
  const policy = snapshot?.policies.find((candidate) => candidate.key === key);
  const file = snapshot?.files.find((candidate) => candidate.path === policy?.file);
  if (!policy?.lines || !file) return '';
  const lines = file.text.split('\n').slice(policy.lines.first - 1, policy.lines.last);
  return `${lines.join('\n')}\n`;
}

export interface PolicyDiff {
  key: string;
  action: PolicyChange['type'];
  lines: DiffLine[];
}

/** For each change of a proposal, the policy's YAML before and after as a line diff. */
export function policyDiffs(snapshot: ReviewSnapshot | undefined, changes: readonly PolicyChange[]): PolicyDiff[] {
  return changes.map((change) => {
    if (change.type === 'create') {
      const { namespace, name, spec } = change.policy;
      return { key: `${namespace}/${name}`, action: change.type, lines: lineDiff('', policyYaml(namespace, name, spec)) };
    }
    const key = `${change.namespace}/${change.name}`;
    const after = change.type === 'update' ? policyYaml(change.namespace, change.name, change.spec) : '';
    return { key, action: change.type, lines: lineDiff(currentPolicyYaml(snapshot, key), after) };
  });
}
