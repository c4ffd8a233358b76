// The apimachinery half of API-server validation (reference/netpol-semantics.md §8): field
// errors rendered the way `field.Error.Error()` prints them, and the name, label and port-name
// syntax checks of `k8s.io/apimachinery/pkg/util/validation` and `pkg/apis/meta/v1/validation`,
// word for word. Inputs are untrusted data typed as the spec, so every accessor checks types.
import type { Protocol } from '../common/model';

// ---------------------------------------------------------------------------------------------
// Field errors

export type FieldErrorType = 'Required value' | 'Forbidden' | 'Invalid value' | 'Unsupported value';

/** One API-server field error. `value` is already rendered (Go-quoted string, bare int, JSON). */
export interface FieldError {
  /** The V-id of reference/netpol-semantics.md §8. */
  code: string;
  path: string;
  type: FieldErrorType;
  value?: string;
  detail?: string;
}

/** `<path>: <Type>[: <value>][: <detail>]`, as `field.Error.Error()` prints it. */
export function formatFieldError(error: FieldError): string {
  let text = `${error.path}: ${error.type}`;
  if (error.value !== undefined) text += `: ${error.value}`;
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

export function requiredError(code: string, path: string, detail = ''): FieldError {
  return { code, path, type: 'Required value', detail };
}

export function forbiddenError(code: string, path: string, detail: string): FieldError {
  return { code, path, type: 'Forbidden', detail };
}

export function invalidError(code: string, path: string, value: string, detail: string): FieldError {
  return { code, path, type: 'Invalid value', value, detail };
}

export function notSupportedError(code: string, path: string, value: string, supported: readonly string[]): FieldError {
  return {
    code,
    path,
    type: 'Unsupported value',
    value,
    detail: `supported values: ${supported.map(goQuote).join(', ')}`,
  };
}

const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const GO_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's `%q` / `strconv.Quote`: how the server prints a bad value of type `string`. */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const short = GO_SHORT_ESCAPES[char];
    if (short !== undefined) {
      quoted += short;
      continue;
    }
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x20 || codePoint === 0x7f) {
      quoted += `\\x${codePoint.toString(16).padStart(2, '0')}`;
    } else if (codePoint < 0x7f || GO_PRINTABLE.test(char)) {
      quoted += char;
    } else if (codePoint <= 0xffff) {
      quoted += `\\u${codePoint.toString(16).padStart(4, '0')}`;
    } else {
      quoted += `\\U${codePoint.toString(16).padStart(8, '0')}`;
    }
  }
  return `${quoted}"`;
}

/**
 * Go's `json.Marshal`: how the server prints a bad value of a named string type (Protocol,
 * PolicyType, LabelSelectorOperator) or a list. Go escapes `<`, `>`, `&`, U+2028 and U+2029.
 */
export function goJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Type guards for untrusted input

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listAt(record: Record<string, unknown>, key: string): unknown[] | undefined {
  const value = record[key];
  return Array.isArray(value) ? value : undefined;
}

/** A list item as Go decodes it: null is the zero struct; anything else not an object is skipped. */
export function itemRecord(item: unknown): Record<string, unknown> | undefined {
  if (item === null) return {};
  return isRecord(item) ? item : undefined;
}

/** Go decodes JSON null (and an absent key) into a string field as "". */
export function asGoString(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** An integer that decodes into an int32 field, or undefined (V-20: a decode error, not ours). */
export function asInt32(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return value >= -2147483648 && value <= 2147483647 ? value : undefined;
}

/** Go's `len(string)`: UTF-8 bytes. */
export function utf8Length(text: string): number {
  let length = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    length += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return length;
}

// ---------------------------------------------------------------------------------------------
// apimachinery pkg/util/validation

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `RegexError`: note the `',  or '` double spaces the server prints between examples. */
function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** `IsDNS1123Subdomain` (object names, label-key prefixes). */
export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errors;
}

/** `IsQualifiedName` (label keys): optional DNS-1123 subdomain prefix, `/`, name part. */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) {
      errors.push('prefix part must be non-empty');
    } else {
      errors.push(...isDNS1123Subdomain(prefix).map((message) => `prefix part ${message}`));
    }
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH) {
    errors.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errors.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
}

/** `IsValidLabelValue`. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errors.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) {
    errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errors;
}

/** `IsValidPortNum`. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** `IsValidPortName` (IANA_SVC_NAME): ≤15 chars of a-z 0-9 '-', one letter, no edge or double hyphen. */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (utf8Length(port) > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) {
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

export const SUPPORTED_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

// ---------------------------------------------------------------------------------------------
// apimachinery pkg/apis/meta/v1/validation, with create-time options (invalid values rejected)

/** `ValidateLabelName`: V-18 for keys. */
function validateLabelName(key: string, path: string): FieldError[] {
  return isQualifiedName(key).map((message) => invalidError('V-18', path, goQuote(key), message));
}

/** `ValidateLabels`: errors sit on the `matchLabels` path itself, not on the key. */
function validateLabels(labels: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    errors.push(...validateLabelName(key, path));
    const text = asGoString(value);
    if (text === undefined) continue; // not a string: a decode error (V-20)
    for (const message of isValidLabelValue(text)) errors.push(invalidError('V-18', path, goQuote(text), message));
  }
  return errors;
}

/** `ValidateLabelSelectorRequirement`: V-15, V-16, V-17, then key and values (V-18). */
function validateRequirement(requirement: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const rawValues = requirement['values'];
  const values: unknown[] = Array.isArray(rawValues) ? rawValues : [];
  const valuesDecode = rawValues === undefined || rawValues === null || Array.isArray(rawValues);
  const operator = asGoString(requirement['operator']);
  if (operator !== undefined && valuesDecode) {
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) {
        errors.push(requiredError('V-15', `${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        errors.push(
          forbiddenError('V-16', `${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else {
      errors.push(invalidError('V-17', `${path}.operator`, goJson(operator), 'not a valid selector operator'));
    }
  }
  const key = asGoString(requirement['key']);
  if (key !== undefined) errors.push(...validateLabelName(key, `${path}.key`));
  values.forEach((value, index) => {
    if (typeof value !== 'string') return;
    for (const message of isValidLabelValue(value)) {
      errors.push(invalidError('V-18', `${path}.values[${index}]`, goQuote(value), message));
    }
  });
  return errors;
}

/** `ValidateLabelSelector` for a selector at `path`; absent or null selectors are fine. */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  if (!isRecord(selector)) return [];
  const errors: FieldError[] = [];
  const matchLabels = selector['matchLabels'];
  if (isRecord(matchLabels)) errors.push(...validateLabels(matchLabels, `${path}.matchLabels`));
  const matchExpressions = selector['matchExpressions'];
  if (Array.isArray(matchExpressions)) {
    matchExpressions.forEach((requirement: unknown, index) => {
      // A null list item decodes to the zero requirement: key "" and operator "".
      const fields = requirement === null ? {} : requirement;
      if (isRecord(fields)) errors.push(...validateRequirement(fields, `${path}.matchExpressions[${index}]`));
    });
  }
  return errors;
}
