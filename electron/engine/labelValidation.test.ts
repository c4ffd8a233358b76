import { describe, expect, it } from 'vitest';
import {
  formatFieldError,
  goJson,
  goQuote,
  invalidError,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  notSupportedError,
  requiredError,
  utf8Length,
  validateLabelSelector,
} from './labelValidation';

describe('field error text', () => {
  it('prints `<path>: <Type>[: <value>][: <detail>]`', () => {
    expect(formatFieldError(requiredError('V-3', 'spec.x.cidr'))).toBe('spec.x.cidr: Required value');
    expect(formatFieldError(invalidError('V-8', 'spec.x.port', '0', 'must be between 1 and 65535, inclusive'))).toBe(
      'spec.x.port: Invalid value: 0: must be between 1 and 65535, inclusive',
    );
    expect(formatFieldError(notSupportedError('V-13', 'spec.policyTypes[0]', goJson('x'), ['Ingress', 'Egress']))).toBe(
      'spec.policyTypes[0]: Unsupported value: "x": supported values: "Ingress", "Egress"',
    );
  });

  it('quotes strings like Go %q', () => {
    expect(goQuote('plain')).toBe('"plain"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\x07\x00\x7f')).toBe('"\\n\\t\\a\\x00\\x7f"');
    expect(goQuote('café ✓ 😀')).toBe('"café ✓ 😀"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });

  it('renders named string types and lists like Go json.Marshal (HTML-safe)', () => {
    expect(goJson('ICMP')).toBe('"ICMP"');
    expect(goJson('<in>&')).toBe('"\\u003cin\\u003e\\u0026"');
    expect(goJson(['Ingress', 'Egress', 'Ingress'])).toBe('["Ingress","Egress","Ingress"]');
  });

  it('counts lengths in UTF-8 bytes, as Go len() does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('✓')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(isValidLabelValue('é'.repeat(32))).toContain('must be no more than 63 characters');
  });
});

describe('apimachinery syntax checks', () => {
  it('IsQualifiedName reports the empty name part twice, as apimachinery does', () => {
    expect(isQualifiedName('')).toHaveLength(2);
    expect(isQualifiedName('')[0]).toBe('name part must be non-empty');
  });

  it('IsValidPortName collects every broken rule', () => {
    expect(isValidPortName('')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    expect(isValidPortName('-Very--Long-Port-Name-')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });

  it('ValidateLabelSelector renders a bad operator with json.Marshal', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: '<in>', values: ['b'] }] }, 'spec.podSelector').map(formatFieldError)).toEqual([
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "\\u003cin\\u003e": not a valid selector operator',
    ]);
    expect(validateLabelSelector(null, 'spec.podSelector')).toEqual([]);
    // Wrong-typed values (V-20) are not second-guessed as missing values.
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: 'b' }] }, 'p')).toEqual([]);
  });
});
