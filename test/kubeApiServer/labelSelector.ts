// The label selector syntax of `kubectl get -l` (the labelSelector query parameter), so tests can
// list by label the way the app or a user would: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`,
// `a notin (x,y)`, joined by commas. Upstream semantics: `!=` and `notin` match when the key is absent.

/** Splits on the commas between requirements, not those inside `in (x,y)`. */
function requirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of selector) {
    if (character === '(') depth += 1;
    if (character === ')') depth -= 1;
    if (character === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += character;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function labelSelectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  return requirements(selector).every((requirement) => {
    const setMatch = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(requirement);
    if (setMatch) {
      const [, key = '', operator, valueList = ''] = setMatch;
      const values = valueList.split(',').map((value) => value.trim());
      const value = labels[key];
      return operator === 'in' ? value !== undefined && values.includes(value) : value === undefined || !values.includes(value);
    }
    const comparison = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(requirement);
    if (comparison) {
      const [, key = '', operator, expected = ''] = comparison;
      const value = labels[key];
      return operator === '!=' ? value !== expected : value === expected;
    }
    if (requirement.startsWith('!')) return labels[requirement.slice(1).trim()] === undefined;
    return labels[requirement] !== undefined;
  });
}
