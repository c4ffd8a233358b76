// Label selectors with apimachinery's exact semantics (NP-24…NP-27, CONVENTIONS 6):
// requirements are ANDed; `NotIn` and `DoesNotExist` hold when the key is absent; equality
// (matchLabels, In) needs the key to exist, even for the empty value.
import type { LabelSelector, Labels } from '../common/model';

export type LabelMatcher = (labels: Labels) => boolean;

const matchEverything: LabelMatcher = () => true;
const matchNothing: LabelMatcher = () => false;

/**
 * Compiles a selector once into a matcher. An absent or empty selector matches everything; a
 * requirement with an unknown operator matches nothing (validation reports it separately).
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (!selector) return matchEverything;
  const checks: LabelMatcher[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const expected = String(value ?? '');
    checks.push((labels) => Object.hasOwn(labels, key) && labels[key] === expected);
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const key = requirement.key;
    const values = new Set((requirement.values ?? []).map(String));
    switch (requirement.operator) {
      case 'In':
        checks.push((labels) => Object.hasOwn(labels, key) && values.has(labels[key] as string));
        break;
      case 'NotIn':
        checks.push((labels) => !Object.hasOwn(labels, key) || !values.has(labels[key] as string));
        break;
      case 'Exists':
        checks.push((labels) => Object.hasOwn(labels, key));
        break;
      case 'DoesNotExist':
        checks.push((labels) => !Object.hasOwn(labels, key));
        break;
      default:
        return matchNothing;
    }
  }
  if (checks.length === 0) return matchEverything;
  if (checks.length === 1) return checks[0] as LabelMatcher;
  return (labels) => {
    for (const check of checks) if (!check(labels)) return false;
    return true;
  };
}

export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  return compileLabelSelector(selector)(labels);
}

/** True when the selector has no requirement at all (`{}` or absent): it selects everything. */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
  if (!selector) return true;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Label keys the selector looks at. */
export function selectorKeys(selector: LabelSelector | null | undefined): string[] {
  if (!selector) return [];
  return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((r) => r.key)];
}
