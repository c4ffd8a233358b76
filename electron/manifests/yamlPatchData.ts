// The plain JSON-like data that yamlPatch writes, and the comparisons it needs: equality to
// skip untouched subtrees, and a distance that lets a sequence edit find which items were
// removed or added instead of rewriting every item after the first difference.

export type PlainData = null | boolean | number | string | PlainData[] | { [key: string]: PlainData };
export type PlainObject = { [key: string]: PlainData };

export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function isScalarData(value: PlainData): value is null | boolean | number | string {
  return value === null || typeof value !== 'object';
}

/** A collection with at least one entry: written over several lines in block style. */
export function isFilledCollection(value: PlainData): value is PlainData[] | PlainObject {
  if (Array.isArray(value)) return value.length > 0;
  return isPlainObject(value) && Object.keys(value).length > 0;
}

/** Why a value given to yamlPatch is not plain data. */
export class InvalidData {
  constructor(readonly message: string) {}
}

/**
 * Checks that `value` is plain data and copies it, the way JSON.stringify would see it:
 * undefined properties are dropped, undefined array items become null. Anything else that
 * YAML cannot hold as plain data (functions, symbols, non-finite numbers, class instances)
 * gives an InvalidData naming where it is.
 */
export function toPlainData(value: unknown, where = 'value'): PlainData | InvalidData {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : new InvalidData(`${where} is not a finite number`);
  if (Array.isArray(value)) {
    const items: PlainData[] = [];
    for (const [index, item] of value.entries()) {
      const plain = toPlainData(item === undefined ? null : item, `${where}[${index}]`);
      if (plain instanceof InvalidData) return plain;
      items.push(plain);
    }
    return items;
  }
  if (isPlainObject(value)) {
    const object: PlainObject = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      const plain = toPlainData(item, `${where}.${key}`);
      if (plain instanceof InvalidData) return plain;
      object[key] = plain;
    }
    return object;
  }
  return new InvalidData(`${where} is not plain data (${value === undefined ? 'undefined' : typeof value})`);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}

/** How many scalars a value holds (at least 1): the cost of writing or deleting it. */
export function dataSize(value: unknown): number {
  if (Array.isArray(value)) return Math.max(1, value.reduce((sum: number, item) => sum + dataSize(item), 0));
  if (typeof value === 'object' && value !== null) {
    return Math.max(1, Object.values(value).reduce((sum: number, item) => sum + dataSize(item), 0));
  }
  return 1;
}

/** Roughly how many scalars must be rewritten to turn `a` into `b`; 0 when they are equal. */
export function dataDistance(a: unknown, b: unknown): number {
  if (deepEqual(a, b)) return 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    let sum = 0;
    for (let index = 0; index < Math.max(a.length, b.length); index++) {
      sum += index < a.length && index < b.length ? dataDistance(a[index], b[index]) : dataSize(index < a.length ? a[index] : b[index]);
    }
    return sum;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    let sum = 0;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      sum += inA && inB ? dataDistance(a[key], b[key]) : dataSize(inA ? a[key] : b[key]);
    }
    return sum;
  }
  const aScalar = typeof a !== 'object' || a === null;
  const bScalar = typeof b !== 'object' || b === null;
  return aScalar && bScalar ? 1 : dataSize(a) + dataSize(b);
}
