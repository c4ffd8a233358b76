// Sets of allowed connections: per protocol, ascending disjoint maximal port ranges.
// Immutable; every operation returns a new set. Ranges are kept as flat [start, end, …] arrays
// because the connectivity matrix builds and compares millions of them.
import type { ConnectionSetData, PortRange, Protocol } from '../common/model';
import { MAX_PORT, MIN_PORT, PROTOCOLS_IN_PRINT_ORDER } from '../common/model';

type FlatRanges = readonly number[];

const EMPTY: FlatRanges = Object.freeze([]);
const FULL: FlatRanges = Object.freeze([MIN_PORT, MAX_PORT]);

function normalize(ranges: number[]): FlatRanges {
  if (ranges.length === 0) return EMPTY;
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of pairs) {
    const lastEnd = merged[merged.length - 1];
    if (lastEnd !== undefined && start <= lastEnd + 1) {
      if (end > lastEnd) merged[merged.length - 1] = end;
    } else {
      merged.push(start, end);
    }
  }
  if (merged.length === 2 && merged[0] === MIN_PORT && merged[1] === MAX_PORT) return FULL;
  return merged;
}

function unionRanges(a: FlatRanges, b: FlatRanges): FlatRanges {
  if (a.length === 0 || b === FULL) return b;
  if (b.length === 0 || a === FULL) return a;
  return normalize([...a, ...b]);
}

function intersectRanges(a: FlatRanges, b: FlatRanges): FlatRanges {
  if (a.length === 0 || b === FULL) return a;
  if (b.length === 0 || a === FULL) return b;
  const result: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i] as number, b[j] as number);
    const end = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (start <= end) result.push(start, end);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return normalize(result);
}

function sameRanges(a: FlatRanges, b: FlatRanges): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ConnectionSet {
  static readonly NONE = new ConnectionSet(EMPTY, EMPTY, EMPTY);
  static readonly ALL = new ConnectionSet(FULL, FULL, FULL);

  private constructor(
    readonly tcp: FlatRanges,
    readonly udp: FlatRanges,
    readonly sctp: FlatRanges,
  ) {}

  static of(protocol: Protocol, start = MIN_PORT, end = MAX_PORT): ConnectionSet {
    const ranges = start === MIN_PORT && end === MAX_PORT ? FULL : start > end ? EMPTY : [start, end];
    return ConnectionSet.build(protocol === 'TCP' ? ranges : EMPTY, protocol === 'UDP' ? ranges : EMPTY, protocol === 'SCTP' ? ranges : EMPTY);
  }

  static fromData(data: ConnectionSetData): ConnectionSet {
    const flat = (ranges: PortRange[] | undefined): FlatRanges => normalize((ranges ?? []).flatMap((r) => [r.start, r.end]));
    return ConnectionSet.build(flat(data.TCP), flat(data.UDP), flat(data.SCTP));
  }

  private static build(tcp: FlatRanges, udp: FlatRanges, sctp: FlatRanges): ConnectionSet {
    if (tcp.length === 0 && udp.length === 0 && sctp.length === 0) return ConnectionSet.NONE;
    if (tcp === FULL && udp === FULL && sctp === FULL) return ConnectionSet.ALL;
    return new ConnectionSet(tcp, udp, sctp);
  }

  ranges(protocol: Protocol): FlatRanges {
    return protocol === 'TCP' ? this.tcp : protocol === 'UDP' ? this.udp : this.sctp;
  }

  isEmpty(): boolean {
    return this === ConnectionSet.NONE;
  }

  isAll(): boolean {
    return this === ConnectionSet.ALL;
  }

  union(other: ConnectionSet): ConnectionSet {
    if (this === ConnectionSet.NONE || other === ConnectionSet.ALL) return other;
    if (other === ConnectionSet.NONE || this === ConnectionSet.ALL) return this;
    return ConnectionSet.build(unionRanges(this.tcp, other.tcp), unionRanges(this.udp, other.udp), unionRanges(this.sctp, other.sctp));
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this === ConnectionSet.NONE || other === ConnectionSet.ALL) return this;
    if (other === ConnectionSet.NONE || this === ConnectionSet.ALL) return other;
    return ConnectionSet.build(
      intersectRanges(this.tcp, other.tcp),
      intersectRanges(this.udp, other.udp),
      intersectRanges(this.sctp, other.sctp),
    );
  }

  contains(protocol: Protocol, port: number): boolean {
    const ranges = this.ranges(protocol);
    for (let i = 0; i < ranges.length; i += 2) if (port >= (ranges[i] as number) && port <= (ranges[i + 1] as number)) return true;
    return false;
  }

  equals(other: ConnectionSet): boolean {
    return this === other || (sameRanges(this.tcp, other.tcp) && sameRanges(this.udp, other.udp) && sameRanges(this.sctp, other.sctp));
  }

  /** A canonical string, equal for equal sets; used to intern sets. */
  key(): string {
    return `${this.tcp.join(',')}|${this.udp.join(',')}|${this.sctp.join(',')}`;
  }

  toData(): ConnectionSetData {
    const data: ConnectionSetData = {};
    for (const protocol of PROTOCOLS_IN_PRINT_ORDER) {
      const ranges = this.ranges(protocol);
      if (ranges.length === 0) continue;
      const list: PortRange[] = [];
      for (let i = 0; i < ranges.length; i += 2) list.push({ start: ranges[i] as number, end: ranges[i + 1] as number });
      data[protocol] = list;
    }
    return data;
  }

  /** netpol-analyzer's text: `All Connections`, `No Connections`, or `SCTP 7070,TCP 8080-8081,UDP 9090`. */
  toString(): string {
    if (this === ConnectionSet.ALL) return 'All Connections';
    if (this === ConnectionSet.NONE) return 'No Connections';
    const parts: string[] = [];
    for (const protocol of PROTOCOLS_IN_PRINT_ORDER) {
      const ranges = this.ranges(protocol);
      if (ranges.length === 0) continue;
      const items: string[] = [];
      for (let i = 0; i < ranges.length; i += 2) {
        const start = ranges[i] as number;
        const end = ranges[i + 1] as number;
        items.push(start === end ? String(start) : `${start}-${end}`);
      }
      parts.push(`${protocol} ${items.join(',')}`);
    }
    return parts.join(',');
  }
}

/**
 * Gives each distinct set a small integer id and memoises unions and intersections by id, so
 * the matrix can store and combine sets as numbers. Id 0 is NONE and id 1 is ALL.
 */
export class ConnectionSetTable {
  static readonly NONE_ID = 0;
  static readonly ALL_ID = 1;
  private readonly sets: ConnectionSet[] = [ConnectionSet.NONE, ConnectionSet.ALL];
  private readonly idsByKey = new Map<string, number>([
    [ConnectionSet.NONE.key(), 0],
    [ConnectionSet.ALL.key(), 1],
  ]);
  /** Sets compiled once (a rule's static ports) are looked up by identity, without a key. */
  private readonly idsByObject = new WeakMap<ConnectionSet, number>();
  private readonly intersections = new Map<number, number>();
  private readonly unions = new Map<number, number>();

  idOf(set: ConnectionSet): number {
    if (set === ConnectionSet.NONE) return 0;
    if (set === ConnectionSet.ALL) return 1;
    const known = this.idsByObject.get(set);
    if (known !== undefined) return known;
    const key = set.key();
    let id = this.idsByKey.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.idsByKey.set(key, id);
    }
    this.idsByObject.set(set, id);
    return id;
  }

  get(id: number): ConnectionSet {
    return this.sets[id] as ConnectionSet;
  }

  get size(): number {
    return this.sets.length;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    const key = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.idOf(this.get(a).intersect(this.get(b)));
      this.intersections.set(key, id);
    }
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    if (a === 1 || b === 1) return 1;
    const key = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.idOf(this.get(a).union(this.get(b)));
      this.unions.set(key, id);
    }
    return id;
  }
}
