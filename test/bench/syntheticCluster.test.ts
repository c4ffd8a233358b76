import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  editOnePolicy,
  generateSyntheticManifests,
  NAMESPACES_FILE,
  POLICIES_FILE,
  toYaml,
  type ManifestFile,
  type YamlMap,
} from './syntheticCluster';

// ---------------------------------------------------------------------------------------------
// Helpers

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Document bodies of a stream, split at `---` lines (the generator starts every document so). */
function bodies(text: string): string[] {
  return text.split(/^---\n/m).slice(1);
}

function allDocs(files: readonly ManifestFile[]): Obj[] {
  const out: Obj[] = [];
  for (const file of files) {
    for (const body of bodies(file.text)) {
      const value: unknown = parse(body);
      if (!isObj(value)) throw new Error(`${file.path}: document is not a mapping`);
      out.push(value);
    }
  }
  return out;
}

const cache = new Map<string, ReturnType<typeof generateSyntheticManifests>>();
function cluster(workloads: number, seed: number) {
  const key = `${workloads}/${seed}`;
  let value = cache.get(key);
  if (!value) {
    value = generateSyntheticManifests({ workloads, seed });
    cache.set(key, value);
  }
  return value;
}

const docsCache = new Map<string, Obj[]>();
function docsOf(workloads: number, seed: number): Obj[] {
  const key = `${workloads}/${seed}`;
  let value = docsCache.get(key);
  if (!value) {
    value = allDocs(cluster(workloads, seed).files);
    docsCache.set(key, value);
  }
  return value;
}

function policiesOf(docs: Obj[]): Obj[] {
  return docs.filter((d) => d['kind'] === 'NetworkPolicy');
}

// --- validity checks (create-time API-server rules, reference/netpol-semantics.md §8) ----------

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function validLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}

function validLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/** IANA_SVC_NAME: 1–15 chars, a-z0-9 and '-', a letter, no '--', no leading/trailing '-'. */
function validPortName(name: string): boolean {
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

function parseCidr(text: unknown): Cidr | undefined {
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
function strictlyInside(inner: Cidr, outer: Cidr): boolean {
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
function policyErrors(doc: Obj): string[] {
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

// --- workload helpers ------------------------------------------------------------------------

/** `SYNTHETIC_LARGE=1` also checks the 10,000-workload cluster (slow; by hand only). */
const SIZES = process.env['SYNTHETIC_LARGE'] ? [100, 1000, 10_000] : [100, 1000];
const FEATURE_SEEDS = (process.env['SYNTHETIC_FEATURE_SEEDS'] ?? '11,12345').split(',').map(Number);

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

function podTemplateOf(doc: Obj): Obj | undefined {
  const spec = doc['spec'];
  if (!isObj(spec)) return undefined;
  if (doc['kind'] === 'Pod') return doc;
  if (doc['kind'] === 'CronJob') {
    const jobTemplate = spec['jobTemplate'];
    const jobSpec = isObj(jobTemplate) ? jobTemplate['spec'] : undefined;
    const template = isObj(jobSpec) ? jobSpec['template'] : undefined;
    return isObj(template) ? template : undefined;
  }
  const template = spec['template'];
  return isObj(template) ? template : undefined;
}

function labelsOf(pod: Obj): Obj {
  const meta = pod['metadata'];
  const labels = isObj(meta) ? meta['labels'] : undefined;
  return isObj(labels) ? labels : {};
}

function containersOf(pod: Obj): Obj[] {
  const spec = pod['spec'];
  const containers = isObj(spec) ? spec['containers'] : undefined;
  return Array.isArray(containers) ? containers.filter(isObj) : [];
}

function workloadCount(docs: Obj[]): number {
  let count = 0;
  const owners = new Set<string>();
  for (const doc of docs) {
    const kind = doc['kind'];
    const meta = doc['metadata'] as Obj;
    if (typeof kind === 'string' && CONTROLLERS.has(kind)) count++;
    if (kind === 'Pod') {
      const refs = meta['ownerReferences'];
      const owner = Array.isArray(refs) ? (refs[0] as Obj | undefined) : undefined;
      if (owner) owners.add(`${String(meta['namespace'])}/${String(owner['kind'])}/${String(owner['name'])}`);
      else count++;
    }
  }
  return count + owners.size;
}

// ---------------------------------------------------------------------------------------------

describe('generateSyntheticManifests', () => {
  it('is deterministic: same seed, byte-identical; other seed, different text', () => {
    const a = generateSyntheticManifests({ workloads: 100, seed: 7 });
    const b = generateSyntheticManifests({ workloads: 100, seed: 7 });
    expect(b).toEqual(a);
    const c = generateSyntheticManifests({ workloads: 100, seed: 8 });
    expect(c.files.map((f) => f.text).join('')).not.toBe(a.files.map((f) => f.text).join(''));
    for (let i = 0; i < a.files.length; i++) {
      const other = c.files.find((f) => f.path === a.files[i]?.path);
      expect(other?.text).not.toBe(a.files[i]?.text);
    }
    const big1 = cluster(1000, 3);
    const big2 = generateSyntheticManifests({ workloads: 1000, seed: 3 });
    expect(big2.files).toEqual(big1.files);
  });

  it('rejects nonsense options', () => {
    expect(() => generateSyntheticManifests({ workloads: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateSyntheticManifests({ workloads: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateSyntheticManifests({ workloads: 10, seed: 1, policiesPerWorkload: -1 })).toThrow(RangeError);
  });

  it.each(SIZES)('produces the requested counts at %i workloads', (n) => {
    const { files, stats } = cluster(n, 11);
    const docs = docsOf(n, 11);
    expect(stats.workloads).toBe(n);
    expect(stats.policies).toBe(Math.round(n * 0.5));
    expect(stats.namespaces).toBeGreaterThanOrEqual(Math.max(3, Math.round(n / 25)));
    expect(stats.namespaces).toBeLessThanOrEqual(Math.max(3, Math.round(n / 25)) + 3);
    expect(docs.filter((d) => d['kind'] === 'Namespace')).toHaveLength(stats.namespaces);
    expect(policiesOf(docs)).toHaveLength(stats.policies);
    expect(workloadCount(docs)).toBe(stats.workloads);
    expect(files.map((f) => f.path)).toContain(NAMESPACES_FILE);
    expect(files.map((f) => f.path)).toContain(POLICIES_FILE);
    expect(files.filter((f) => f.path.startsWith('workloads-'))).toHaveLength(Math.ceil(n / 500));
  });

  it('honours policiesPerWorkload', () => {
    expect(generateSyntheticManifests({ workloads: 200, seed: 5, policiesPerWorkload: 2 }).stats.policies).toBe(400);
    const none = generateSyntheticManifests({ workloads: 200, seed: 5, policiesPerWorkload: 0 });
    expect(none.stats.policies).toBe(0);
    expect(none.files.find((f) => f.path === POLICIES_FILE)?.text).not.toMatch(/kind: NetworkPolicy/);
    expect(generateSyntheticManifests({ workloads: 5, seed: 5 }).stats).toMatchObject({ workloads: 5, namespaces: 3, policies: 3 });
  });

  it.each(SIZES)('emits YAML that parses without errors or warnings at %i workloads', (n) => {
    for (const file of cluster(n, 11).files) {
      const documents = parseAllDocuments(file.text);
      expect(Array.isArray(documents), file.path).toBe(true);
      if (!Array.isArray(documents)) continue;
      expect(documents.length).toBe(bodies(file.text).length);
      for (const document of documents) {
        expect(document.errors, file.path).toEqual([]);
        expect(document.warnings, file.path).toEqual([]);
        expect(isObj(document.toJS())).toBe(true);
      }
    }
  });

  it('round-trips: every document re-emits to the same text', () => {
    for (const file of cluster(100, 11).files) {
      for (const body of bodies(file.text)) expect(toYaml(parse(body) as YamlMap)).toBe(body);
    }
  });

  it.each([...SIZES.map((n) => [n, 11]), [1000, 12345]])('emits only valid NetworkPolicies (%i workloads, seed %i)', (n, seed) => {
    const docs = docsOf(n, seed);
    const errors = policiesOf(docs).flatMap(policyErrors);
    expect(errors).toEqual([]);
    const keys = new Set<string>();
    for (const p of policiesOf(docs)) {
      const meta = p['metadata'] as Obj;
      const key = `${String(meta['namespace'])}/${String(meta['name'])}`;
      expect(keys.has(key), `duplicate ${key}`).toBe(false);
      keys.add(key);
    }
    // Every policy lives in a namespace that exists.
    const namespaces = new Set(docs.filter((d) => d['kind'] === 'Namespace').map((d) => (d['metadata'] as Obj)['name']));
    for (const p of policiesOf(docs)) expect(namespaces.has((p['metadata'] as Obj)['namespace'])).toBe(true);
  });

  it('emits valid, consistent workloads', () => {
    const docs = docsOf(1000, 11);
    const namespaces = docs.filter((d) => d['kind'] === 'Namespace');
    for (const ns of namespaces) {
      const meta = ns['metadata'] as Obj;
      const labels = meta['labels'] as Obj;
      expect(labels['kubernetes.io/metadata.name']).toBe(meta['name']);
      for (const [k, v] of Object.entries(labels)) {
        expect(validLabelKey(k), k).toBe(true);
        expect(validLabelValue(v), String(v)).toBe(true);
      }
    }
    const names = new Set<string>();
    const ips = new Set<string>();
    const podCidr = parseCidr('10.244.0.0/16');
    for (const doc of docs) {
      const kind = doc['kind'];
      if (kind === 'Namespace' || kind === 'NetworkPolicy') continue;
      const meta = doc['metadata'] as Obj;
      const id = `${String(kind)}/${String(meta['namespace'])}/${String(meta['name'])}`;
      expect(names.has(id), `duplicate ${id}`).toBe(false);
      names.add(id);
      expect(DNS_SUBDOMAIN.test(String(meta['name'])), id).toBe(true);
      const pod = podTemplateOf(doc);
      expect(pod, id).toBeDefined();
      if (!pod) continue;
      const labels = labelsOf(pod);
      for (const [k, v] of Object.entries(labels)) {
        expect(validLabelKey(k), `${id} ${k}`).toBe(true);
        expect(validLabelValue(v), `${id} ${k}=${String(v)}`).toBe(true);
      }
      // A controller's selector matches its own pod template.
      const spec = doc['spec'] as Obj;
      const selector = spec['selector'];
      if (isObj(selector)) {
        for (const [k, v] of Object.entries(selector['matchLabels'] as Obj)) expect(labels[k], id).toBe(v);
      }
      for (const container of containersOf(pod)) {
        const seen = new Set<string>();
        for (const port of (container['ports'] as Obj[] | undefined) ?? []) {
          const name = port['name'];
          if (name !== undefined) {
            expect(validPortName(String(name)), `${id} ${String(name)}`).toBe(true);
            expect(seen.has(String(name)), `${id} duplicate port ${String(name)}`).toBe(false);
            seen.add(String(name));
          }
          expect(port['containerPort']).toBeGreaterThanOrEqual(1);
          expect(port['containerPort']).toBeLessThanOrEqual(65535);
          if (port['protocol'] !== undefined) expect(PROTOCOLS.has(String(port['protocol']))).toBe(true);
        }
      }
      const status = doc['status'];
      if (isObj(status)) {
        const ip = String(status['podIP']);
        const cidr = parseCidr(`${ip}/32`);
        expect(cidr && podCidr && strictlyInside(cidr, podCidr), ip).toBe(true);
        expect(ips.has(ip), `duplicate pod IP ${ip}`).toBe(false);
        ips.add(ip);
      }
    }
  });

  it('covers every workload shape and the named-port variety', () => {
    const docs = docsOf(1000, 11);
    const kinds = new Set(docs.map((d) => d['kind']));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']) expect(kinds.has(kind), kind).toBe(true);
    const pods = docs.filter((d) => d['kind'] === 'Pod');
    expect(pods.some((p) => Array.isArray((p['metadata'] as Obj)['ownerReferences']))).toBe(true);
    expect(pods.some((p) => (p['metadata'] as Obj)['ownerReferences'] === undefined)).toBe(true);
    expect(pods.some((p) => isObj(p['status']))).toBe(true);
    const numbersByName = new Map<string, Set<string>>();
    const labelKeys = new Set<string>();
    for (const doc of docs) {
      const pod = podTemplateOf(doc);
      if (!pod || doc['kind'] === 'NetworkPolicy') continue;
      for (const k of Object.keys(labelsOf(pod))) labelKeys.add(k);
      for (const container of containersOf(pod)) {
        for (const port of (container['ports'] as Obj[] | undefined) ?? []) {
          if (typeof port['name'] !== 'string') continue;
          const set = numbersByName.get(port['name']) ?? new Set();
          set.add(`${String(port['containerPort'])}/${String(port['protocol'] ?? 'TCP')}`);
          numbersByName.set(port['name'], set);
        }
      }
    }
    for (const key of ['app', 'tier', 'team', 'version', 'canary', 'k8s-app']) expect(labelKeys.has(key), key).toBe(true);
    expect(numbersByName.get('http')?.size).toBeGreaterThan(1);
    expect(numbersByName.get('grpc')?.size).toBeGreaterThan(1);
    expect(numbersByName.get('metrics')?.size).toBeGreaterThan(1);
    expect(numbersByName.get('dns')?.has('53/UDP')).toBe(true);
    expect(numbersByName.get('sctp-sig')?.has('3868/SCTP')).toBe(true);
    expect(numbersByName.get('postgres')?.has('5432/TCP')).toBe(true);
    // kube-dns in kube-system, as the DNS egress rules expect.
    const dns = docs.find((d) => d['kind'] === 'Deployment' && (d['metadata'] as Obj)['namespace'] === 'kube-system' && labelsOf(podTemplateOf(d) ?? {})['k8s-app'] === 'kube-dns');
    expect(dns).toBeDefined();
  });

  it.each(FEATURE_SEEDS)('mixes every NetworkPolicy feature (1000 workloads, seed %i)', (seed) => {
    const policies = policiesOf(docsOf(1000, seed));
    const text = JSON.stringify(policies);
    const specs = policies.map((p) => p['spec'] as Obj);
    const rules = specs.flatMap((s) => [...((s['ingress'] as Obj[] | undefined) ?? []), ...((s['egress'] as Obj[] | undefined) ?? [])]);
    const peers = rules.flatMap((r) => [...((r['from'] as Obj[] | undefined) ?? []), ...((r['to'] as Obj[] | undefined) ?? [])]);
    const ports = rules.flatMap((r) => (r['ports'] as Obj[] | undefined) ?? []);
    const empty = (v: unknown): boolean => isObj(v) && Object.keys(v).length === 0;
    const types = (s: Obj): string => JSON.stringify(s['policyTypes'] ?? null);
    const noRules = (s: Obj): boolean => s['ingress'] === undefined && s['egress'] === undefined;

    const features: Record<string, boolean> = {
      'default-deny ingress': specs.some((s) => empty(s['podSelector']) && types(s) === '["Ingress"]' && noRules(s)),
      'default-deny egress': specs.some((s) => empty(s['podSelector']) && types(s).includes('Egress') && noRules(s)),
      'podSelector-only peer': peers.some((p) => p['podSelector'] !== undefined && p['namespaceSelector'] === undefined),
      'namespaceSelector-only peer': peers.some((p) => p['namespaceSelector'] !== undefined && p['podSelector'] === undefined && !empty(p['namespaceSelector'])),
      'AND peer': peers.some((p) => p['podSelector'] !== undefined && p['namespaceSelector'] !== undefined),
      'OR peers': rules.some((r) => ((r['from'] ?? r['to']) as Obj[] | undefined)?.some((p) => p['podSelector'] !== undefined) === true
        && ((r['from'] ?? r['to']) as Obj[]).some((p) => p['namespaceSelector'] !== undefined && p['podSelector'] === undefined)),
      'namespaceSelector: {}': peers.some((p) => empty(p['namespaceSelector'])),
      'podSelector: {} peer': peers.some((p) => empty(p['podSelector']) && p['namespaceSelector'] === undefined),
      'operator In': text.includes('"operator":"In"'),
      'operator NotIn': text.includes('"operator":"NotIn"'),
      'operator Exists': text.includes('"operator":"Exists"'),
      'operator DoesNotExist': text.includes('"operator":"DoesNotExist"'),
      'IPv4 ipBlock with except': peers.some((p) => isObj(p['ipBlock']) && Array.isArray(p['ipBlock']['except']) && !String(p['ipBlock']['cidr']).includes(':')),
      'IPv6 ipBlock': peers.some((p) => isObj(p['ipBlock']) && String(p['ipBlock']['cidr']).includes(':')),
      'IPv6 ipBlock with except': peers.some((p) => isObj(p['ipBlock']) && String(p['ipBlock']['cidr']).includes(':') && Array.isArray(p['ipBlock']['except'])),
      'numeric port': ports.some((p) => typeof p['port'] === 'number' && p['endPort'] === undefined),
      'named port': ports.some((p) => typeof p['port'] === 'string'),
      'port range': ports.some((p) => typeof p['endPort'] === 'number' && p['endPort'] > (p['port'] as number)),
      'port range of one': ports.some((p) => typeof p['endPort'] === 'number' && p['endPort'] === p['port']),
      'protocol TCP': ports.some((p) => p['protocol'] === 'TCP'),
      'protocol UDP': ports.some((p) => p['protocol'] === 'UDP'),
      'protocol SCTP': ports.some((p) => p['protocol'] === 'SCTP'),
      'protocol omitted': ports.some((p) => p['protocol'] === undefined && p['port'] !== undefined),
      'protocol only': ports.some((p) => p['port'] === undefined && p['protocol'] !== undefined),
      'empty rule {}': rules.some((r) => empty(r)),
      'rule without peers': rules.some((r) => r['from'] === undefined && r['to'] === undefined && r['ports'] !== undefined),
      'DNS egress to kube-system': specs.some((s) => ((s['egress'] as Obj[] | undefined) ?? []).some((r) => JSON.stringify(r).includes('kube-system') && JSON.stringify(r).includes('53'))),
      'named DNS ports': ports.some((p) => p['port'] === 'dns-tcp'),
      'without policyTypes (ingress only)': specs.some((s) => s['policyTypes'] === undefined && s['egress'] === undefined),
      'without policyTypes (defaulted Egress)': specs.some((s) => s['policyTypes'] === undefined && Array.isArray(s['egress']) && s['egress'].length > 0),
      'egress-only': specs.some((s) => types(s) === '["Egress"]' && Array.isArray(s['egress'])),
      'Ingress and Egress': specs.some((s) => types(s) === '["Ingress","Egress"]'),
      'podSelector omitted': specs.some((s) => s['podSelector'] === undefined),
      'policy name with a dot': policies.some((p) => String((p['metadata'] as Obj)['name']).includes('.')),
    };
    const missing = Object.entries(features).filter(([, present]) => !present).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe('editOnePolicy', () => {
  function policyBodies(files: readonly ManifestFile[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const file of files) {
      for (const body of bodies(file.text)) {
        if (!/^kind: NetworkPolicy$/m.test(body)) continue;
        const meta = (parse(body) as Obj)['metadata'] as Obj;
        out.set(`${String(meta['namespace'])}/${String(meta['name'])}`, body);
      }
    }
    return out;
  }

  it.each([[100, 1], [100, 2], [1000, 3], [1000, 4], [1000, 5]])('changes exactly one policy document (%i workloads, seed %i)', (n, seed) => {
    const before = cluster(n, 11).files;
    const edit = editOnePolicy(before, seed);
    expect(edit.files.map((f) => f.path)).toEqual(before.map((f) => f.path));
    const changedFiles = edit.files.filter((f, i) => f.text !== before[i]?.text);
    expect(changedFiles).toHaveLength(1);
    // Same documents in the same order, exactly one differs, and it is the reported policy.
    const oldDocs = before.flatMap((f) => bodies(f.text));
    const newDocs = edit.files.flatMap((f) => bodies(f.text));
    expect(newDocs).toHaveLength(oldDocs.length);
    const differing = newDocs.map((d, i) => i).filter((i) => newDocs[i] !== oldDocs[i]);
    expect(differing).toHaveLength(1);
    const index = differing[0] as number;
    const edited = parse(newDocs[index] as string) as Obj;
    const original = parse(oldDocs[index] as string) as Obj;
    expect(edited['kind']).toBe('NetworkPolicy');
    expect(edited['metadata']).toEqual(original['metadata']);
    expect(edited['metadata']).toEqual({ name: edit.policy.name, namespace: edit.policy.namespace });
    expect(edited['spec']).not.toEqual(original['spec']);
    expect(policyErrors(edited)).toEqual([]);
    expect(edit.change).not.toBe('');
    // Still a valid stream.
    for (const document of parseAllDocuments(changedFiles[0]?.text ?? '') as unknown as { errors: unknown[] }[]) expect(document.errors).toEqual([]);
    // The policy map agrees.
    const oldPolicies = policyBodies(before);
    const newPolicies = policyBodies(edit.files);
    const changed = [...newPolicies.keys()].filter((k) => newPolicies.get(k) !== oldPolicies.get(k));
    expect(changed).toEqual([`${edit.policy.namespace}/${edit.policy.name}`]);
  });

  it('is deterministic and varies with the seed', () => {
    const files = cluster(1000, 11).files;
    const a = editOnePolicy(files, 42);
    const b = editOnePolicy(files, 42);
    expect(b).toEqual(a);
    const picked = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      const edit = editOnePolicy(files, seed);
      picked.add(`${edit.policy.namespace}/${edit.policy.name}`);
    }
    expect(picked.size).toBeGreaterThan(4);
  });

  it('does not mutate its input and fails clearly without policies', () => {
    const files = generateSyntheticManifests({ workloads: 50, seed: 9 }).files;
    const copy = files.map((f) => ({ ...f }));
    editOnePolicy(files, 1);
    expect(files).toEqual(copy);
    const none = generateSyntheticManifests({ workloads: 50, seed: 9, policiesPerWorkload: 0 }).files;
    expect(() => editOnePolicy(none, 1)).toThrow(/no NetworkPolicy/);
  });
});
