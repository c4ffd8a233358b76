// CIDR and IP parsing as the API server's legacy parser reads them (NP-43): host bits are
// masked, IPv4 octets with leading zeros are read as decimal. ip-num does the address maths.
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';

export type IPFamily = 4 | 6;

/** An inclusive range of addresses of one family, as integers. */
export interface AddressRange {
  family: IPFamily;
  first: bigint;
  last: bigint;
}

export interface ParsedCidr extends AddressRange {
  prefix: number;
  /** Canonical text with host bits cleared, e.g. `10.0.0.0/24`. */
  canonical: string;
  /** Set when the text had host bits or leading zeros (the server warns, NP-43). */
  ambiguous: boolean;
}

export const IPV4_MAX = (1n << 32n) - 1n;
export const IPV6_MAX = (1n << 128n) - 1n;

export function familyMax(family: IPFamily): bigint {
  return family === 4 ? IPV4_MAX : IPV6_MAX;
}

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Normalises `010.0.0.1` to `10.0.0.1` (legacy decimal reading); returns undefined when not IPv4. */
function normalizeIPv4(text: string): { address: string; hadLeadingZero: boolean } | undefined {
  const match = IPV4_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map((octet) => Number(octet));
  if (octets.some((octet) => octet > 255)) return undefined;
  const hadLeadingZero = match.slice(1).some((octet) => octet.length > 1 && octet.startsWith('0'));
  return { address: octets.join('.'), hadLeadingZero };
}

/** Parses an IP address (no prefix). Returns undefined for anything that is not one. */
export function parseIP(text: string): { family: IPFamily; value: bigint } | undefined {
  const v4 = normalizeIPv4(text.trim());
  if (v4) return { family: 4, value: IPv4.fromDecimalDottedString(v4.address).getValue() };
  if (!text.includes(':')) return undefined;
  try {
    return { family: 6, value: IPv6.fromString(text.trim()).getValue() };
  } catch {
    return undefined;
  }
}

/** Parses a CIDR, or returns undefined when the API server would reject it (V-4). */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash <= 0 || slash !== text.lastIndexOf('/')) return undefined;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = normalizeIPv4(addressText);
  try {
    if (v4) {
      if (prefix > 32) return undefined;
      const range = IPv4CidrRange.fromCidr(`${v4.address}/${prefix}`);
      const first = range.getFirst().getValue();
      const exact = IPv4.fromDecimalDottedString(v4.address).getValue() === first;
      return {
        family: 4,
        first,
        last: range.getLast().getValue(),
        prefix,
        canonical: `${formatIP(4, first)}/${prefix}`,
        ambiguous: !exact || v4.hadLeadingZero || (prefixText.length > 1 && prefixText.startsWith('0')),
      };
    }
    if (!addressText.includes(':') || prefix > 128) return undefined;
    const range = IPv6CidrRange.fromCidr(`${addressText}/${prefix}`);
    const first = range.getFirst().getValue();
    const exact = IPv6.fromString(addressText).getValue() === first;
    return {
      family: 6,
      first,
      last: range.getLast().getValue(),
      prefix,
      canonical: `${formatIP(6, first)}/${prefix}`,
      ambiguous: !exact || (prefixText.length > 1 && prefixText.startsWith('0')),
    };
  } catch {
    return undefined;
  }
}

/** Dotted quad for IPv4; RFC 5952 compressed text for IPv6. */
export function formatIP(family: IPFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** `cidr` minus every `except`, as ascending disjoint ranges of one family. */
export function subtractRanges(whole: AddressRange, holes: readonly AddressRange[]): AddressRange[] {
  let pieces: AddressRange[] = [whole];
  for (const hole of holes) {
    if (hole.family !== whole.family) continue;
    const next: AddressRange[] = [];
    for (const piece of pieces) {
      if (hole.last < piece.first || hole.first > piece.last) {
        next.push(piece);
        continue;
      }
      if (hole.first > piece.first) next.push({ family: piece.family, first: piece.first, last: hole.first - 1n });
      if (hole.last < piece.last) next.push({ family: piece.family, first: hole.last + 1n, last: piece.last });
    }
    pieces = next;
  }
  return pieces;
}
