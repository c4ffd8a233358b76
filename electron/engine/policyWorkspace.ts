// Policy changes as data (create / update / delete), applying them to a model, and the working
// copy synthesis edits before it turns its edits into changes. Policy objects are immutable for
// the rest of the engine (compile.ts caches by identity), so edits happen on clones.
import type { ClusterModel, NetworkPolicySpec, PolicyModel } from '../common/model';
import type { PolicyChange } from '../common/synthesis';

const policyKey = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * The model with the changes applied, in order. Unchanged policy objects (and the inventory)
 * keep their identity; an updated policy keeps its source location (edits go back into the same
 * YAML document) but drops field positions, which no longer describe the new spec; a created
 * policy is appended.
 */
export function applyChanges(model: ClusterModel, changes: readonly PolicyChange[]): ClusterModel {
  if (changes.length === 0) return model;
  let policies = model.policies.slice();
  for (const change of changes) {
    if (change.type === 'create') {
      policies.push(change.policy);
    } else if (change.type === 'delete') {
      policies = policies.filter((policy) => policy.namespace !== change.namespace || policy.name !== change.name);
    } else {
      policies = policies.map((policy) => {
        if (policy.namespace !== change.namespace || policy.name !== change.name) return policy;
        const { fieldPositions: _stale, ...rest } = policy;
        return { ...rest, spec: change.spec };
      });
    }
  }
  return { ...model, policies };
}

/** JSON with object keys sorted: equal for structurally equal plain data. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}

export function clonePlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A DNS-1123 subdomain built from free text: lowercase letters, digits and single hyphens. */
export function policyNameFrom(text: string, maxLength = 253): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = cleaned.slice(0, maxLength).replace(/-+$/g, '');
  return cut === '' ? 'policy' : cut;
}

/** Edits of the model's policies, kept as clones until they are turned into changes. */
export class PolicyWorkspace {
  private readonly originals = new Map<string, PolicyModel>();
  private readonly edited = new Map<string, NetworkPolicySpec>();
  private readonly created: PolicyModel[] = [];
  private readonly deleted = new Set<string>();

  constructor(private readonly model: ClusterModel) {
    for (const policy of model.policies) if (!this.originals.has(policyKey(policy.namespace, policy.name))) this.originals.set(policyKey(policy.namespace, policy.name), policy);
  }

  /** The editable spec of an existing or created policy. */
  spec(namespace: string, name: string): NetworkPolicySpec {
    const key = policyKey(namespace, name);
    const created = this.created.find((policy) => policy.namespace === namespace && policy.name === name);
    if (created) return created.spec;
    let spec = this.edited.get(key);
    if (!spec) {
      const original = this.originals.get(key);
      if (!original) throw new Error(`no policy ${key}`);
      spec = clonePlain(original.spec);
      this.edited.set(key, spec);
    }
    return spec;
  }

  /** `base`, or `base-2`, `base-3`… : the first name no policy of the namespace has. */
  uniqueName(namespace: string, base: string): string {
    const taken = (name: string) => this.originals.has(policyKey(namespace, name)) || this.created.some((p) => p.namespace === namespace && p.name === name);
    const stem = policyNameFrom(base, 245);
    if (!taken(stem)) return stem;
    for (let n = 2; ; n++) if (!taken(`${stem}-${n}`)) return `${stem}-${n}`;
  }

  /** Creates a policy named after `base` (made unique) and returns its name. */
  create(namespace: string, base: string, spec: NetworkPolicySpec): string {
    const name = this.uniqueName(namespace, base);
    this.created.push({ namespace, name, spec });
    return name;
  }

  /** Deletes an existing policy (its edits, if any, are dropped). */
  delete(namespace: string, name: string): void {
    this.deleted.add(policyKey(namespace, name));
  }

  /** The edits as changes: updates and deletions in model order (only specs that really differ), then creations. */
  changes(): PolicyChange[] {
    const changes: PolicyChange[] = [];
    for (const policy of this.model.policies) {
      if (this.deleted.has(policyKey(policy.namespace, policy.name))) {
        if (this.originals.get(policyKey(policy.namespace, policy.name)) === policy) changes.push({ type: 'delete', namespace: policy.namespace, name: policy.name });
        continue;
      }
      const spec = this.edited.get(policyKey(policy.namespace, policy.name));
      if (spec && this.originals.get(policyKey(policy.namespace, policy.name)) === policy && canonicalJson(spec) !== canonicalJson(policy.spec)) {
        changes.push({ type: 'update', namespace: policy.namespace, name: policy.name, spec });
      }
    }
    for (const policy of this.created) changes.push({ type: 'create', policy });
    return changes;
  }
}

/**
 * A policy without declared policyTypes affects Egress only while it has egress rules (NP-1):
 * before its last egress rule goes, its types are declared, so it keeps isolating egress (and
 * ingress, which a policy without types always affects). Edits the spec in place, key order kept.
 */
export function declarePolicyTypes(spec: NetworkPolicySpec): void {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return;
  const { podSelector, policyTypes: _undeclared, ...rest } = spec;
  for (const key of Object.keys(spec)) delete (spec as Record<string, unknown>)[key];
  Object.assign(spec, podSelector !== undefined ? { podSelector } : {}, { policyTypes: ['Ingress', 'Egress'] }, rest);
}
