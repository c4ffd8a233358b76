// Editing one NetworkPolicy of a generated cluster, as a user would between two analyses: the
// benchmark measures how fast the analysis catches up. Only the edited document is re-emitted;
// every other byte of every file stays as it was.
import { parse } from 'yaml';
import { Rng, mixSeed } from './seededRandom';
import { splitDocuments, toYaml, type DocumentSpan, type ManifestFile, type YamlMap } from './yamlStreams';

export interface PolicyEdit {
  /** The same files; only the file holding the edited policy has new text. */
  files: ManifestFile[];
  policy: { namespace: string; name: string };
  /** What was changed, for logs (e.g. `port 8080 -> 8081 in spec.ingress[0].ports[0]`). */
  change: string;
}

const NETWORK_POLICY_KIND = /^kind:[ \t]*["']?NetworkPolicy["']?[ \t]*$/m;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

function isMap(value: Json | undefined): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function effectiveDirections(spec: JsonMap): ('ingress' | 'egress')[] {
  const types = spec['policyTypes'];
  if (Array.isArray(types) && types.length > 0) {
    const out: ('ingress' | 'egress')[] = [];
    if (types.includes('Ingress')) out.push('ingress');
    if (types.includes('Egress')) out.push('egress');
    if (out.length > 0) return out;
  }
  const egress = spec['egress'];
  return Array.isArray(egress) && egress.length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

/**
 * Picks one NetworkPolicy (seeded) and returns the files with only that policy edited: a port
 * changed, a port added, a peer added or a rule added — always in a direction the policy enforces,
 * so the allowed connectivity really changes. Every other document stays byte-identical.
 */
export function editOnePolicy(files: readonly ManifestFile[], seed: number): PolicyEdit {
  const rng = new Rng(mixSeed(seed, 2));
  const found: { file: number; span: DocumentSpan }[] = [];
  files.forEach((file, index) => {
    for (const span of splitDocuments(file.text)) {
      if (NETWORK_POLICY_KIND.test(file.text.slice(span.start, span.end))) found.push({ file: index, span });
    }
  });
  if (found.length === 0) throw new Error('editOnePolicy: no NetworkPolicy document in the files');
  const target = rng.pick(found);
  const file = files[target.file] as ManifestFile;
  const body = file.text.slice(target.span.start, target.span.end);
  // Keep comment lines that precede the document content (e.g. a `# Source:` line).
  const leading = /^(?:[ \t]*(?:#.*)?\n)*/.exec(body)?.[0] ?? '';
  const parsed = parse(body) as Json;
  if (!isMap(parsed)) throw new Error('editOnePolicy: NetworkPolicy document is not a mapping');
  const metadata = isMap(parsed['metadata']) ? parsed['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : 'default';
  if (!isMap(parsed['spec'])) parsed['spec'] = {};
  const spec = parsed['spec'] as JsonMap;
  const change = applyEdit(rng, spec);
  const newBody = leading + toYaml(parsed as YamlMap);
  if (newBody === body) throw new Error('editOnePolicy: edit produced an identical document');
  const text = file.text.slice(0, target.span.start) + newBody + file.text.slice(target.span.end);
  const outFiles = files.map((f, i) => (i === target.file ? { path: f.path, text } : f));
  return { files: outFiles, policy: { namespace, name }, change };
}

function applyEdit(rng: Rng, spec: JsonMap): string {
  const directions = effectiveDirections(spec);
  const direction = rng.pick(directions);
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const rules = Array.isArray(spec[direction]) ? (spec[direction] as Json[]).filter(isMap) : [];

  type Edit = () => string;
  const edits: Edit[] = [];
  // Numeric ports that can change.
  rules.forEach((rule, r) => {
    const ports = Array.isArray(rule['ports']) ? rule['ports'] : [];
    ports.forEach((entry, p) => {
      if (!isMap(entry) || typeof entry['port'] !== 'number') return;
      edits.push(() => {
        const old = entry['port'] as number;
        const endPort = typeof entry['endPort'] === 'number' ? entry['endPort'] : undefined;
        let next = old < 65535 ? old + rng.int(1, 9) : old - rng.int(1, 9);
        if (next > 65535) next = old - 1;
        if (endPort !== undefined && next > endPort) entry['endPort'] = next + (endPort - old);
        if (typeof entry['endPort'] === 'number' && entry['endPort'] > 65535) entry['endPort'] = 65535;
        entry['port'] = next;
        return `port ${old} -> ${next} in spec.${direction}[${r}].ports[${p}]`;
      });
    });
    // Rules with peers can take one more peer.
    if (Array.isArray(rule[peerKey]) && rule[peerKey].length > 0) {
      edits.push(() => {
        const list = rule[peerKey] as Json[];
        list.push(rng.pick<() => JsonMap>([
          () => ({ podSelector: {} }),
          () => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }),
          () => ({ namespaceSelector: { matchLabels: { env: rng.pick(['prod', 'staging', 'dev']) } }, podSelector: { matchLabels: { tier: 'backend' } } }),
          () => ({ ipBlock: { cidr: `198.51.100.${rng.int(0, 31) * 8}/29` } }),
        ])());
        return `peer added to spec.${direction}[${r}].${peerKey}`;
      });
    }
    // Rules with ports can take one more port.
    if (Array.isArray(rule['ports']) && rule['ports'].length > 0) {
      edits.push(() => {
        const port = rng.pick([8443, 9443, 10443, 15021]);
        (rule['ports'] as Json[]).push({ protocol: 'TCP', port });
        return `port TCP/${port} added to spec.${direction}[${r}].ports`;
      });
    }
  });
  // Always possible: a new rule.
  edits.push(() => {
    const list = Array.isArray(spec[direction]) ? (spec[direction] as Json[]) : [];
    spec[direction] = list;
    // Peers that select real pods, so the allowed connectivity really changes.
    const peer: JsonMap = rng.chance(0.5)
      ? { podSelector: {} }
      : { namespaceSelector: { matchLabels: { env: rng.pick(['prod', 'staging', 'dev']) } }, podSelector: { matchLabels: { tier: 'frontend' } } };
    list.push({ [peerKey]: [peer], ports: [{ protocol: 'TCP', port: rng.pick([8080, 8443, 9090]) }] });
    return `rule added to spec.${direction}`;
  });
  return rng.pick(edits)();
}
