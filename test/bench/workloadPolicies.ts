// Per-workload NetworkPolicies: ingress and egress policies drawn from a menu of every peer and
// port feature of networking.k8s.io/v1, and data-store lock-downs. Ports of a rule name the ports
// of the workload the traffic goes to, so named ports resolve the way they would in a cluster.
import type { ClusterBuilder } from './clusterBuilder';
import { dnsRule } from './dnsEgressRule';
import { IPV4_EXTERNAL, IPV6_BLOCKS, ipBlockPeer, randomIPv4Block } from './ipBlockPeers';
import type { PolicyDrafts } from './policyDrafts';
import type { Rng } from './seededRandom';
import type { NamespaceInfo, Proto, Tier, WorkloadInfo } from './syntheticClusterModel';
import type { YamlMap } from './yamlStreams';

export class WorkloadPolicyBuilder {
  private readonly appNamespaces: NamespaceInfo[];
  private readonly podsWithIPs: WorkloadInfo[];

  constructor(
    private readonly rng: Rng,
    private readonly cluster: ClusterBuilder,
    private readonly drafts: PolicyDrafts,
  ) {
    this.appNamespaces = cluster.namespaces.filter((ns) => !ns.infra);
    this.podsWithIPs = cluster.workloads.filter((w) => w.podIPs.length > 0);
  }

  targetSelector(w: WorkloadInfo): YamlMap {
    const rng = this.rng;
    const roll = rng.float();
    if (roll < 0.78 || w.labels['app'] === undefined) {
      return w.labels['app'] !== undefined ? { matchLabels: { app: w.app } } : { matchLabels: { ...w.labels } };
    }
    if (roll < 0.86) {
      return { matchLabels: { app: w.app }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] };
    }
    const version = w.labels['version'];
    if (roll < 0.92 && version !== undefined) {
      return { matchLabels: { app: w.app }, matchExpressions: [{ key: 'version', operator: 'In', values: version === 'v2' ? ['v2'] : [version, 'v2'] }] };
    }
    if (roll < 0.97) return { matchLabels: { app: w.app, tier: w.tier } };
    return { matchExpressions: [{ key: 'app', operator: 'In', values: [w.app] }, { key: 'tier', operator: 'NotIn', values: ['db'] }] };
  }

  otherApp(ns: NamespaceInfo, exclude: string, tiers?: readonly Tier[]): string | undefined {
    const candidates: string[] = [];
    for (const w of ns.workloads) {
      if (w.app !== exclude && (!tiers || tiers.includes(w.tier))) candidates.push(w.app);
    }
    return candidates.length > 0 ? this.rng.pick(candidates) : undefined;
  }

  otherNamespace(exclude: NamespaceInfo): NamespaceInfo | undefined {
    const pool = this.appNamespaces.length > 1 ? this.appNamespaces : this.cluster.namespaces;
    for (let attempt = 0; attempt < 4; attempt++) {
      const ns = this.rng.pick(pool);
      if (ns !== exclude) return ns;
    }
    return undefined;
  }

  /** The workload the last `peers` call selected by `app`, if any (egress ports name its ports). */
  private peerWorkload: WorkloadInfo | undefined;

  findApp(ns: NamespaceInfo, app: string): WorkloadInfo | undefined {
    return ns.workloads.find((x) => x.app === app);
  }

  /** One `from`/`to` list drawn from the feature menu; undefined = no peers (all sources). */
  peers(w: WorkloadInfo, direction: 'ingress' | 'egress'): YamlMap[] | undefined {
    this.peerWorkload = undefined;
    const rng = this.rng;
    const ns = w.namespace;
    const clientTiers: readonly Tier[] = direction === 'ingress' ? ['frontend', 'backend', 'worker'] : ['backend', 'db', 'cache'];
    const kind = rng.weighted<string>([
      ['pod', 22], ['pod-expr', 6], ['ns', 8], ['ns-expr', 5], ['ns-and-pod', 14], ['or', 10],
      ['all-ns', 4], ['all-ns-and-pod', 4], ['same-ns', 4], ['ipv4', 7], ['ipv4-random', 4],
      ['ipv6', 3], ['pod-ip', 2], ['none', 7],
    ]);
    const app = this.otherApp(ns, w.app, clientTiers) ?? this.otherApp(ns, w.app);
    const podPeer = (): YamlMap => {
      if (app === undefined) return { podSelector: { matchLabels: { tier: rng.pick(clientTiers) } } };
      this.peerWorkload = this.findApp(ns, app);
      return { podSelector: { matchLabels: { app } } };
    };
    switch (kind) {
      case 'pod':
        return [podPeer()];
      case 'pod-expr':
        return [{
          podSelector: {
            matchExpressions: rng.chance(0.5)
              ? [{ key: 'tier', operator: 'In', values: [...clientTiers] }, { key: 'canary', operator: 'DoesNotExist' }]
              : [{ key: 'team', operator: 'Exists' }, { key: 'app', operator: 'NotIn', values: [w.app] }],
          },
        }];
      case 'ns': {
        const other = this.otherNamespace(ns);
        return [{
          namespaceSelector: rng.chance(0.6) || !other
            ? { matchLabels: { team: ns.team } }
            : { matchLabels: { 'kubernetes.io/metadata.name': other.name } },
        }];
      }
      case 'ns-expr':
        return [{
          namespaceSelector: {
            matchExpressions: rng.chance(0.5)
              ? [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'team', operator: 'Exists' }]
              : [{ key: 'env', operator: 'In', values: [ns.env, 'staging'].filter((v, i, a) => a.indexOf(v) === i) }, { key: 'istio-injection', operator: 'DoesNotExist' }],
          },
        }];
      case 'ns-and-pod': {
        const other = this.otherNamespace(ns);
        const otherApp = other ? this.otherApp(other, '', clientTiers) ?? this.otherApp(other, '') : undefined;
        if (!other || otherApp === undefined) return [podPeer()];
        this.peerWorkload = this.findApp(other, otherApp);
        const peer: YamlMap = {
          namespaceSelector: rng.chance(0.7)
            ? { matchLabels: { 'kubernetes.io/metadata.name': other.name } }
            : { matchLabels: { team: other.team, env: other.env } },
          podSelector: { matchLabels: { app: otherApp } },
        };
        return [peer];
      }
      case 'or': {
        const other = this.otherNamespace(ns);
        return [
          podPeer(),
          { namespaceSelector: { matchLabels: other ? { 'kubernetes.io/metadata.name': other.name } : { team: ns.team } } },
        ];
      }
      case 'all-ns':
        return [{ namespaceSelector: {} }];
      case 'all-ns-and-pod':
        return [{ namespaceSelector: {}, podSelector: { matchLabels: { tier: rng.pick(clientTiers) } } }];
      case 'same-ns':
        return [{ podSelector: {} }];
      case 'ipv4':
        return [ipBlockPeer(rng.pick(IPV4_EXTERNAL))];
      case 'ipv4-random':
        return rng.chance(0.3)
          ? [{ ipBlock: randomIPv4Block(rng) }, { ipBlock: randomIPv4Block(rng) }]
          : [{ ipBlock: randomIPv4Block(rng) }];
      case 'ipv6':
        return rng.chance(0.5)
          ? [ipBlockPeer(rng.pick(IPV6_BLOCKS))]
          : [ipBlockPeer(rng.pick(IPV4_EXTERNAL)), ipBlockPeer(rng.pick(IPV6_BLOCKS))];
      case 'pod-ip': {
        if (this.podsWithIPs.length === 0) return [podPeer()];
        const pod = rng.pick(this.podsWithIPs);
        const ip = pod.podIPs[0] ?? '10.244.0.2';
        if (rng.chance(0.5)) return [{ ipBlock: { cidr: `${ip}/32` } }];
        const octets = ip.split('.');
        return [{ ipBlock: { cidr: `${octets[0]}.${octets[1]}.${octets[2]}.0/24`, except: [`${ip}/32`] } }];
      }
      default:
        return undefined;
    }
  }

  /** A `ports` list for traffic to `dest` (named ports resolve on the destination); undefined = all. */
  ports(dest: WorkloadInfo | undefined, toAddresses = false): YamlMap[] | undefined {
    const rng = this.rng;
    // Named ports never match an ipBlock peer (NP-35): keep that mistake rare.
    const allowNamed = (): boolean => !toAddresses || rng.chance(0.1);
    const destPorts = dest ? [...dest.ports, ...dest.sidecarPorts] : [];
    const kind = rng.weighted<string>([
      ['named', 34], ['numeric', 34], ['range', 7], ['protocol-only', 5], ['mixed', 8], ['none', 12],
    ]);
    const fromDest = (named: boolean): YamlMap[] => {
      if (destPorts.length === 0) return [{ protocol: 'TCP', port: rng.pick([80, 443, 8080, 8443]) }];
      const chosen = rng.sample(destPorts, rng.weighted([[1, 6], [2, 3], [3, 1]]));
      return chosen.map((p) => {
        const port: number | string = named && p.name !== undefined && allowNamed() ? p.name : p.port;
        if (p.protocol === 'TCP' && rng.chance(0.45)) return { port };
        return { protocol: p.protocol, port };
      });
    };
    switch (kind) {
      case 'named':
        return fromDest(true);
      case 'numeric':
        return fromDest(false);
      case 'range': {
        const start = rng.pick([8000, 9000, 30000, 32000, 5000, 1024, 6379]);
        const end = rng.chance(0.3) ? start : start + rng.pick([1, 10, 99, 768, 1000]);
        return [{ protocol: rng.weighted<Proto>([['TCP', 7], ['UDP', 2], ['SCTP', 1]]), port: start, endPort: Math.min(end, 65535) }];
      }
      case 'protocol-only':
        return [{ protocol: rng.weighted<Proto>([['UDP', 5], ['TCP', 3], ['SCTP', 2]]) }];
      case 'mixed': {
        const list = fromDest(rng.chance(0.5));
        list.push({ protocol: 'SCTP', port: allowNamed() ? rng.pick([3868, 'sctp-sig', 2905]) : rng.pick([3868, 2905]) });
        if (rng.chance(0.4)) list.push({ protocol: 'UDP', port: 9000, endPort: 9010 });
        return list;
      }
      default:
        return undefined;
    }
  }

  rule(w: WorkloadInfo, direction: 'ingress' | 'egress'): YamlMap {
    const rng = this.rng;
    if (rng.chance(0.03)) return {}; // the empty rule: allow everything
    const peers = this.peers(w, direction);
    let dest: WorkloadInfo | undefined = w;
    if (direction === 'egress') {
      // Ports of an egress rule are those of the workload the peer selects, when it names one.
      dest = this.peerWorkload;
      if (!dest) {
        const candidates = w.namespace.workloads.filter((x) => x !== w && x.ports.length > 0);
        dest = candidates.length > 0 ? rng.pick(candidates) : undefined;
      }
    }
    // Egress without peers reaches addresses too; named ports there are a mistake (NP-35).
    const toAddresses = peers === undefined ? direction === 'egress' : peers.every((peer) => peer['ipBlock'] !== undefined);
    const ports = this.ports(dest, toAddresses);
    const rule: YamlMap = {};
    const key = direction === 'ingress' ? 'from' : 'to';
    if (peers) rule[key] = peers;
    if (ports) rule['ports'] = ports;
    if (!peers && !ports) rule['ports'] = [{ protocol: 'TCP', port: 443 }];
    return rule;
  }

  ingressPolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const spec: YamlMap = { podSelector: this.targetSelector(w) };
    if (rng.chance(0.55)) spec['policyTypes'] = ['Ingress'];
    const count = rng.weighted([[1, 6], [2, 3], [3, 1]]);
    const rules: YamlMap[] = [];
    for (let i = 0; i < count; i++) rules.push(this.rule(w, 'ingress'));
    spec['ingress'] = rules;
    const name = rng.weighted<string>([
      [`${w.app}-ingress`, 5],
      [`allow-to-${w.app}`, 3],
      [`${w.app}.allow-clients`, 1],
      [`${w.app}-netpol`, 1],
    ]);
    this.drafts.add(w.namespace, name, spec);
  }

  egressPolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const spec: YamlMap = { podSelector: this.targetSelector(w) };
    const style = rng.weighted<string>([['egress-only', 6], ['both', 2], ['defaulted', 2]]);
    if (style === 'egress-only') spec['policyTypes'] = ['Egress'];
    if (style === 'both') spec['policyTypes'] = rng.chance(0.8) ? ['Ingress', 'Egress'] : ['Egress', 'Ingress'];
    if (style !== 'egress-only' && rng.chance(0.7)) spec['ingress'] = [this.rule(w, 'ingress')];
    if (style === 'egress-only' && rng.chance(0.02)) spec['ingress'] = [this.rule(w, 'ingress')]; // ignored (NP-3)
    const rules: YamlMap[] = [];
    if (rng.chance(0.7)) rules.push(dnsRule(this.rng));
    const count = rng.weighted([[0, 1], [1, 6], [2, 3]]);
    for (let i = 0; i < count; i++) rules.push(this.rule(w, 'egress'));
    // Ingress + Egress listed with no egress rules = deny all egress; keep that sometimes.
    if (rules.length > 0 || style === 'both') spec['egress'] = rules;
    else spec['egress'] = [dnsRule(this.rng)];
    const name = rng.weighted<string>([[`${w.app}-egress`, 6], [`${w.app}-allow-egress`, 2], [`${w.app}.egress`, 1]]);
    this.drafts.add(w.namespace, name, spec);
  }

  /** Database/cache lock-down: only named clients, on the named database port. */
  dataStorePolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const clients = w.namespace.workloads.filter((x) => x.tier === 'backend' || x.tier === 'worker');
    const from: YamlMap[] = clients.length > 0
      ? rng.sample(clients, rng.int(1, 3)).map((c) => ({ podSelector: { matchLabels: { app: c.app } } }))
      : [{ podSelector: { matchLabels: { tier: 'backend' } } }];
    const main = w.ports[0];
    const ports: YamlMap[] = main ? [{ protocol: main.protocol, port: main.name ?? main.port }] : [{ protocol: 'TCP', port: 5432 }];
    const spec: YamlMap = { podSelector: { matchLabels: { app: w.app } }, policyTypes: ['Ingress'], ingress: [{ from, ports }] };
    this.drafts.add(w.namespace, `${w.app}-allow-clients`, spec);
  }
}
