// The namespaces and workloads of a synthetic cluster: valid names, labels and ports, selectors
// that match their pod templates, unique pod IPs, and every workload shape.
import { describe, expect, it } from 'vitest';
import { DNS_SUBDOMAIN, parseCidr, PROTOCOLS, strictlyInside, validLabelKey, validLabelValue, validPortName } from './apiServerValidity';
import { containersOf, docsOf, isObj, labelsOf, podTemplateOf, type Obj } from './syntheticClusterChecks';

describe('generateSyntheticManifests', () => {
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
});
