// What the API server would reject at create time (reference/netpol-semantics.md §8): label keys
// and values, port names and numbers, CIDRs and their excepts, selectors, peers and rules, as
// plain checks on parsed documents for the synthetic-cluster tests.
import { isObj, type Obj } from './syntheticClusterChecks';

export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

export function validLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}

export function validLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/** IANA_SVC_NAME: 1–15 chars, a-z0-9 and '-', a letter, no '--', no leading/trailing '-'. */
export function validPortName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[a-z0-9-]+$/.test(name) && /[a-z]/.test(name) && !name.includes('--') && !name.startsWith('-') && !name.endsWith('-');
}

function parseIPv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (const octet of m.slice(1)) {
    if (octet.length > 1 && octet.startsWith('0')) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const [address, prefixText, extra] = text.split('/');
  if (address === undefined || prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = parseIPv4(address);
  const family = v4 !== undefined ? 4 : 6;
  const base = v4 ?? parseIPv6(address);
  if (base === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((base & hostMask) !== 0n) return undefined; // host bits set: the server would warn (NP-43)
  return { family, base, prefix };
}

/** `inner` is a strict subset of `outer` (NP-44). */
export function strictlyInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const bits = outer.family === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return inner.base >> shift === outer.base >> shift;
}

function selectorErrors(selector: unknown, path: string): string[] {
  if (selector === null || selector === undefined) return [];
  if (!isObj(selector)) return [`${path}: not a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(selector)) {
    if (key !== 'matchLabels' && key !== 'matchExpressions') errors.push(`${path}.${key}: unknown field`);
  }
  const labels = selector['matchLabels'];
  if (labels !== undefined && labels !== null) {
    if (!isObj(labels)) errors.push(`${path}.matchLabels: not a mapping`);
    else {
      for (const [k, v] of Object.entries(labels)) {
        if (!validLabelKey(k)) errors.push(`${path}.matchLabels: bad key ${k}`);
        if (!validLabelValue(v)) errors.push(`${path}.matchLabels.${k}: bad value ${String(v)}`);
      }
    }
  }
  const expressions = selector['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) errors.push(`${path}.matchExpressions: not a list`);
    else {
      expressions.forEach((e: unknown, i) => {
        const p = `${path}.matchExpressions[${i}]`;
        if (!isObj(e)) return void errors.push(`${p}: not a mapping`);
        if (typeof e['key'] !== 'string' || !validLabelKey(e['key'])) errors.push(`${p}.key: bad key`);
        const op = e['operator'];
        const values = e['values'];
        if (op === 'In' || op === 'NotIn') {
          if (!Array.isArray(values) || values.length === 0) errors.push(`${p}.values: required for ${op}`);
          else if (!values.every(validLabelValue)) errors.push(`${p}.values: bad value`);
        } else if (op === 'Exists' || op === 'DoesNotExist') {
          if (values !== undefined && values !== null && !(Array.isArray(values) && values.length === 0)) errors.push(`${p}.values: forbidden for ${op}`);
        } else errors.push(`${p}.operator: bad operator ${String(op)}`);
      });
    }
  }
  return errors;
}

function peerErrors(peer: unknown, path: string): string[] {
  if (!isObj(peer)) return [`${path}: not a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(peer)) {
    if (!['podSelector', 'namespaceSelector', 'ipBlock'].includes(key)) errors.push(`${path}.${key}: unknown field`);
  }
  const has = (k: string): boolean => peer[k] !== undefined && peer[k] !== null;
  if (!has('podSelector') && !has('namespaceSelector') && !has('ipBlock')) errors.push(`${path}: must specify a peer`);
  if (has('ipBlock') && (has('podSelector') || has('namespaceSelector'))) errors.push(`${path}: ipBlock with another peer`);
  errors.push(...selectorErrors(peer['podSelector'], `${path}.podSelector`));
  errors.push(...selectorErrors(peer['namespaceSelector'], `${path}.namespaceSelector`));
  const block = peer['ipBlock'];
  if (has('ipBlock')) {
    if (!isObj(block)) return [...errors, `${path}.ipBlock: not a mapping`];
    for (const key of Object.keys(block)) {
      if (key !== 'cidr' && key !== 'except') errors.push(`${path}.ipBlock.${key}: unknown field`);
    }
    const cidr = parseCidr(block['cidr']);
    if (!cidr) errors.push(`${path}.ipBlock.cidr: invalid ${String(block['cidr'])}`);
    const except = block['except'];
    if (except !== undefined && except !== null) {
      if (!Array.isArray(except)) errors.push(`${path}.ipBlock.except: not a list`);
      else {
        except.forEach((text: unknown, i) => {
          const inner = parseCidr(text);
          if (!inner) errors.push(`${path}.ipBlock.except[${i}]: invalid ${String(text)}`);
          else if (cidr && !strictlyInside(inner, cidr)) errors.push(`${path}.ipBlock.except[${i}]: ${String(text)} not strictly inside ${String(block['cidr'])}`);
        });
      }
    }
  }
  return errors;
}

function portErrors(port: unknown, path: string): string[] {
  if (!isObj(port)) return [`${path}: not a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(port)) {
    if (!['protocol', 'port', 'endPort'].includes(key)) errors.push(`${path}.${key}: unknown field`);
  }
  const protocol = port['protocol'];
  if (protocol !== undefined && (typeof protocol !== 'string' || !PROTOCOLS.has(protocol))) errors.push(`${path}.protocol: ${String(protocol)}`);
  const value = port['port'];
  const endPort = port['endPort'];
  if (value !== undefined) {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 1 || value > 65535) errors.push(`${path}.port: out of range ${value}`);
    } else if (typeof value !== 'string' || !validPortName(value)) errors.push(`${path}.port: bad name ${String(value)}`);
  }
  if (endPort !== undefined) {
    if (typeof endPort !== 'number' || !Number.isInteger(endPort) || endPort < 1 || endPort > 65535) errors.push(`${path}.endPort: out of range`);
    if (value === undefined) errors.push(`${path}.endPort: without port`);
    else if (typeof value !== 'number') errors.push(`${path}.endPort: with a named port`);
    else if (typeof endPort === 'number' && endPort < value) errors.push(`${path}.endPort: ${endPort} < port ${value}`);
  }
  return errors;
}

function ruleErrors(rule: unknown, path: string, peerKey: 'from' | 'to'): string[] {
  if (!isObj(rule)) return [`${path}: not a mapping`];
  const errors: string[] = [];
  for (const key of Object.keys(rule)) {
    if (key !== peerKey && key !== 'ports') errors.push(`${path}.${key}: unknown field`);
  }
  const peers = rule[peerKey];
  if (peers !== undefined && peers !== null) {
    if (!Array.isArray(peers)) errors.push(`${path}.${peerKey}: not a list`);
    else peers.forEach((p: unknown, i) => errors.push(...peerErrors(p, `${path}.${peerKey}[${i}]`)));
  }
  const ports = rule['ports'];
  if (ports !== undefined && ports !== null) {
    if (!Array.isArray(ports)) errors.push(`${path}.ports: not a list`);
    else ports.forEach((p: unknown, i) => errors.push(...portErrors(p, `${path}.ports[${i}]`)));
  }
  return errors;
}

/** Everything the API server (create) would reject in a NetworkPolicy, as messages. */
export function policyErrors(doc: Obj): string[] {
  const errors: string[] = [];
  if (doc['apiVersion'] !== 'networking.k8s.io/v1') errors.push('apiVersion');
  const meta = doc['metadata'];
  if (!isObj(meta)) return ['metadata missing'];
  const name = meta['name'];
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) errors.push(`metadata.name: ${String(name)}`);
  const namespace = meta['namespace'];
  if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL.test(namespace)) errors.push(`metadata.namespace: ${String(namespace)}`);
  const spec = doc['spec'];
  if (!isObj(spec)) return [...errors, 'spec missing'];
  for (const key of Object.keys(spec)) {
    if (!['podSelector', 'policyTypes', 'ingress', 'egress'].includes(key)) errors.push(`spec.${key}: unknown field`);
  }
  errors.push(...selectorErrors(spec['podSelector'], 'spec.podSelector'));
  const types = spec['policyTypes'];
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || types.length > 2) errors.push('spec.policyTypes: more than two');
    else if (!types.every((t) => t === 'Ingress' || t === 'Egress')) errors.push('spec.policyTypes: unsupported value');
  }
  for (const [direction, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const rules = spec[direction];
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) errors.push(`spec.${direction}: not a list`);
    else rules.forEach((r: unknown, i) => errors.push(...ruleErrors(r, `spec.${direction}[${i}]`, peerKey)));
  }
  return errors.map((e) => `NetworkPolicy ${String(namespace)}/${String(name)}: ${e}`);
}
