// Shared by the syntheticCluster*.test.ts files: generated clusters and their parsed documents,
// cached per (workloads, seed) within a test file, and accessors for the parts of a workload
// document the checks read.
import { parse } from 'yaml';
import { generateSyntheticManifests, type ManifestFile } from './syntheticCluster';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Document bodies of a stream, split at `---` lines (the generator starts every document so). */
export function bodies(text: string): string[] {
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
export function cluster(workloads: number, seed: number) {
  const key = `${workloads}/${seed}`;
  let value = cache.get(key);
  if (!value) {
    value = generateSyntheticManifests({ workloads, seed });
    cache.set(key, value);
  }
  return value;
}

const docsCache = new Map<string, Obj[]>();
export function docsOf(workloads: number, seed: number): Obj[] {
  const key = `${workloads}/${seed}`;
  let value = docsCache.get(key);
  if (!value) {
    value = allDocs(cluster(workloads, seed).files);
    docsCache.set(key, value);
  }
  return value;
}

export function policiesOf(docs: Obj[]): Obj[] {
  return docs.filter((d) => d['kind'] === 'NetworkPolicy');
}

/** `SYNTHETIC_LARGE=1` also checks the 10,000-workload cluster (slow; by hand only). */
export const SIZES = process.env['SYNTHETIC_LARGE'] ? [100, 1000, 10_000] : [100, 1000];
export const FEATURE_SEEDS = (process.env['SYNTHETIC_FEATURE_SEEDS'] ?? '11,12345').split(',').map(Number);

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export function podTemplateOf(doc: Obj): Obj | undefined {
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

export function labelsOf(pod: Obj): Obj {
  const meta = pod['metadata'];
  const labels = isObj(meta) ? meta['labels'] : undefined;
  return isObj(labels) ? labels : {};
}

export function containersOf(pod: Obj): Obj[] {
  const spec = pod['spec'];
  const containers = isObj(spec) ? spec['containers'] : undefined;
  return Array.isArray(containers) ? containers.filter(isObj) : [];
}

export function workloadCount(docs: Obj[]): number {
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
