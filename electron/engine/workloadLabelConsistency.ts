// Model-level check: pods of one owner (WorkloadModel.labelVariants) that some NetworkPolicy
// selector tells apart. The workload is drawn and evaluated as one unit, so such input is
// rejected, as netpol-analyzer does (`checkConsistentLabelsForPodsOfSameOwner`); unlike it, the
// test here is semantic: the selector must answer differently for two variants, so a selector
// that only reads a differing key with Exists, or lists every differing value, is fine.
import type { ClusterModel, Diagnostic, LabelSelector, LabelSelectorRequirement, Labels, SourceLocation } from '../common/model';
import { compileLabelSelector, selectorKeys } from './labelSelector';
import { asGoString, goQuote, isRecord, itemRecord, listAt } from './labelValidation';

type Direction = 'ingress' | 'egress';
const PEER_KEY: Readonly<Record<Direction, 'from' | 'to'>> = { ingress: 'from', egress: 'to' };

function cleanLabels(value: unknown): Labels {
  const labels: Record<string, string> = {};
  if (!isRecord(value)) return labels;
  for (const [key, text] of Object.entries(value)) if (typeof text === 'string') labels[key] = text;
  return labels;
}

/** The selector as the evaluator may safely read it (wrong-typed parts dropped). */
function cleanSelector(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const item of listAt(value, 'matchExpressions') ?? []) {
    if (!isRecord(item)) continue;
    const key = asGoString(item['key']);
    if (key === undefined) continue;
    const values = (listAt(item, 'values') ?? []).filter((text): text is string => typeof text === 'string');
    matchExpressions.push({ key, operator: asGoString(item['operator']) ?? '', values });
  }
  return { matchLabels: cleanLabels(value['matchLabels']), matchExpressions };
}

interface UsedSelector {
  path: string;
  selector: LabelSelector;
}

/** Selectors of `spec` that can select pods of namespace `namespace` (NP-1 defaulting, NP-7, NP-17). */
function podSelectorsReaching(
  policy: Record<string, unknown>,
  namespace: string,
  namespaceLabels: Labels,
): UsedSelector[] {
  const spec = isRecord(policy['spec']) ? policy['spec'] : {};
  const ownNamespace = policy['namespace'] === namespace;
  const used: UsedSelector[] = [];
  const subject = cleanSelector(spec['podSelector']);
  if (ownNamespace && subject) used.push({ path: 'spec.podSelector', selector: subject });
  const policyTypes = (listAt(spec, 'policyTypes') ?? []).filter((type) => typeof type === 'string');
  const affects = (direction: Direction): boolean =>
    policyTypes.length > 0
      ? policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')
      : direction === 'ingress' || (listAt(spec, 'egress')?.length ?? 0) > 0;
  for (const direction of ['ingress', 'egress'] as const) {
    if (!affects(direction)) continue;
    (listAt(spec, direction) ?? []).forEach((item, ruleIndex) => {
      const peerKey = PEER_KEY[direction];
      const rule = itemRecord(item);
      (listAt(rule ?? {}, peerKey) ?? []).forEach((peer, peerIndex) => {
        if (!isRecord(peer) || (peer['ipBlock'] !== undefined && peer['ipBlock'] !== null)) return;
        const podSelector = cleanSelector(peer['podSelector']);
        if (!podSelector) return;
        const namespaceSelector = peer['namespaceSelector'];
        const reachesNamespace =
          namespaceSelector === undefined || namespaceSelector === null
            ? ownNamespace
            : compileLabelSelector(cleanSelector(namespaceSelector))(namespaceLabels);
        if (!reachesNamespace) return;
        used.push({ path: `spec.${direction}[${ruleIndex}].${peerKey}[${peerIndex}].podSelector`, selector: podSelector });
      });
    });
  }
  return used;
}

/** `app ("a", "b")` for each key the selector reads whose value differs across the variants. */
function describeDifferences(selector: LabelSelector, variants: readonly Labels[]): string[] {
  const described: string[] = [];
  for (const key of new Set(selectorKeys(selector))) {
    const values = [...new Set(variants.map((labels) => (Object.hasOwn(labels, key) ? labels[key] : undefined)))];
    if (values.length < 2) continue;
    described.push(`${key} (${values.map((value) => (value === undefined ? 'absent' : goQuote(value))).join(', ')})`);
  }
  return described;
}

/** One error per (workload, policy) where a selector of the policy splits the workload's pods. */
export function checkWorkloadLabelConsistency(model: ClusterModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const namespaces = new Map<string, Labels>();
  for (const namespace of Array.isArray(model.namespaces) ? model.namespaces : []) {
    if (isRecord(namespace) && typeof namespace.name === 'string') namespaces.set(namespace.name, cleanLabels(namespace.labels));
  }
  const policies = ((Array.isArray(model.policies) ? model.policies : []) as unknown[]).filter(isRecord);
  for (const workload of (Array.isArray(model.workloads) ? model.workloads : []) as unknown[]) {
    if (!isRecord(workload) || !Array.isArray(workload['labelVariants'])) continue;
    const variants = (workload['labelVariants'] as unknown[]).filter(isRecord).map(cleanLabels);
    if (variants.length < 2) continue;
    const namespace = String(workload['namespace'] ?? '');
    const name = String(workload['name'] ?? '');
    const kind = String(workload['kind'] ?? '');
    const namespaceLabels = namespaces.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
    for (const policy of policies) {
      const splitting = podSelectorsReaching(policy, namespace, namespaceLabels).find(({ selector }) => {
        const matches = compileLabelSelector(selector);
        const first = matches(variants[0] as Labels);
        return variants.some((labels) => matches(labels) !== first);
      });
      if (!splitting) continue;
      const differences = describeDifferences(splitting.selector, variants);
      const diagnostic: Diagnostic = {
        severity: 'error',
        code: 'inconsistent-workload-labels',
        message:
          `Pods of ${namespace}/${name}[${kind}] carry different values for label${differences.length > 1 ? 's' : ''} ` +
          `${differences.join(', ')}, and ${splitting.path} of NetworkPolicy ` +
          `${String(policy['namespace'])}/${String(policy['name'])} selects only some of them: ` +
          'the workload cannot be analysed as one unit',
        object: `${kind} ${namespace}/${name}`,
      };
      const source = workload['source'];
      if (isRecord(source) && typeof source['file'] === 'string') {
        const { file, line, column, documentIndex } = source as unknown as SourceLocation;
        diagnostic.location = { file, line, column, ...(documentIndex === undefined ? {} : { documentIndex }) };
      }
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}
