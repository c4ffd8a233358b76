// The types of a networking.k8s.io/v1 NetworkPolicy, checked the way the API server decodes
// it (V-20): a wrong JSON type is a decode error, an unknown field is dropped (the server
// prunes it; with strict field validation it would refuse it). `null` decodes as Go does:
// a missing optional field, the zero value for a plain string, an empty struct inside a list.
// Only shapes are checked here; values (CIDRs, ports, operators, label syntax) are the
// engine's validation (V-1…V-19).
import type { NetworkPolicySpec } from '../common/model';
import { childPath } from './sourcePositions';

type Shape =
  | { type: 'struct'; fields: Readonly<Record<string, Shape>> }
  | { type: 'list'; item: Shape }
  | { type: 'stringMap' }
  | { type: 'string'; nullAsEmpty?: boolean }
  | { type: 'int32' }
  | { type: 'intOrString' };

const string: Shape = { type: 'string' };
const requiredString: Shape = { type: 'string', nullAsEmpty: true };
const listOf = (item: Shape): Shape => ({ type: 'list', item });
const struct = (fields: Record<string, Shape>): Shape => ({ type: 'struct', fields });

const labelSelector = struct({
  matchLabels: { type: 'stringMap' },
  matchExpressions: listOf(struct({ key: requiredString, operator: requiredString, values: listOf(string) })),
});
const peer = struct({
  podSelector: labelSelector,
  namespaceSelector: labelSelector,
  ipBlock: struct({ cidr: requiredString, except: listOf(string) }),
});
const port = struct({ protocol: string, port: { type: 'intOrString' }, endPort: { type: 'int32' } });

const networkPolicySpec = struct({
  podSelector: labelSelector,
  policyTypes: listOf(string),
  ingress: listOf(struct({ from: listOf(peer), ports: listOf(port) })),
  egress: listOf(struct({ to: listOf(peer), ports: listOf(port) })),
});

/** Top-level fields of a NetworkPolicy object. */
const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

export interface ShapeIssue {
  severity: 'error' | 'warning';
  code: 'V-20' | 'unknown-field';
  fieldPath: string;
  message: string;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return `a string (${JSON.stringify(value)})`;
    case 'number':
      return `a number (${String(value)})`;
    case 'boolean':
      return `a boolean (${String(value)})`;
    default:
      return `a ${typeof value}`;
  }
}

function expected(shape: Shape): string {
  switch (shape.type) {
    case 'struct':
    case 'stringMap':
      return 'a mapping';
    case 'list':
      return 'a list';
    case 'string':
      return 'a string';
    case 'int32':
      return 'an integer';
    case 'intOrString':
      return 'an integer or a string';
  }
}

function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class ShapeChecker {
  readonly issues: ShapeIssue[] = [];
  broken = false;

  private typeError(path: string, shape: Shape, value: unknown): undefined {
    this.broken = true;
    const integerShape = shape.type === 'int32' || shape.type === 'intOrString';
    const wanted = integerShape && typeof value === 'number' && Number.isInteger(value) ? 'a 32-bit integer' : expected(shape);
    this.issues.push({ severity: 'error', code: 'V-20', fieldPath: path, message: `${path}: Invalid type: expected ${wanted}, got ${describe(value)}` });
    return undefined;
  }

  /** The decoded value, or undefined (with an issue) when its type is wrong. */
  check(value: unknown, shape: Shape, path: string): unknown {
    switch (shape.type) {
      case 'struct':
        return isMapping(value) ? this.struct(value, shape.fields, path) : this.typeError(path, shape, value);
      case 'list': {
        if (!Array.isArray(value)) return this.typeError(path, shape, value);
        return value.map((item, index) => this.check(item ?? this.zero(shape.item), shape.item, childPath(path, index)));
      }
      case 'stringMap': {
        if (!isMapping(value)) return this.typeError(path, shape, value);
        const entries: [string, string][] = [];
        for (const [key, labelValue] of Object.entries(value)) {
          const decoded = labelValue ?? '';
          if (typeof decoded === 'string') entries.push([key, decoded]);
          else this.typeError(childPath(path, key), string, labelValue);
        }
        // fromEntries defines own properties, so a key like `__proto__` stays a plain key.
        return Object.fromEntries(entries);
      }
      case 'string':
        return typeof value === 'string' ? value : this.typeError(path, shape, value);
      case 'int32':
        return typeof value === 'number' && isInt32(value) ? value : this.typeError(path, shape, value);
      case 'intOrString':
        return typeof value === 'string' || (typeof value === 'number' && isInt32(value)) ? value : this.typeError(path, shape, value);
    }
  }

  /** What Go decodes `null` into for an item of a list or a non-pointer field. */
  private zero(shape: Shape): unknown {
    if (shape.type === 'struct') return {};
    if (shape.type === 'string') return '';
    return null;
  }

  private struct(value: Record<string, unknown>, fields: Readonly<Record<string, Shape>>, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, fieldValue] of Object.entries(value)) {
      const fieldPath = childPath(path, key);
      const shape = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!shape) {
        this.issues.push({
          severity: 'warning',
          code: 'unknown-field',
          fieldPath,
          message: `${fieldPath}: unknown field ${JSON.stringify(key)} (the API server drops it)`,
        });
        continue;
      }
      if (fieldValue === null || fieldValue === undefined) {
        out[key] = shape.type === 'string' && shape.nullAsEmpty ? '' : null;
        continue;
      }
      const decoded = this.check(fieldValue, shape, fieldPath);
      if (decoded !== undefined) out[key] = decoded;
    }
    return out;
  }
}

export interface PolicyShapeResult {
  /** The spec as written minus unknown fields; undefined when a type is wrong. */
  spec: NetworkPolicySpec | undefined;
  issues: ShapeIssue[];
}

/** Checks the types of a NetworkPolicy object (top-level fields and the whole spec). */
export function checkPolicyShape(object: Readonly<Record<string, unknown>>): PolicyShapeResult {
  const checker = new ShapeChecker();
  for (const key of Object.keys(object)) {
    if (OBJECT_FIELDS.has(key)) continue;
    checker.issues.push({
      severity: 'warning',
      code: 'unknown-field',
      fieldPath: key,
      message: `${key}: unknown field ${JSON.stringify(key)} (the API server drops it)`,
    });
  }
  const rawSpec = object.spec ?? {};
  const spec = checker.check(rawSpec, networkPolicySpec, 'spec');
  if (checker.broken || spec === undefined) return { spec: undefined, issues: checker.issues };
  return { spec: spec as NetworkPolicySpec, issues: checker.issues };
}
