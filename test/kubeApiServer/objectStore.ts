// What the test API server stores, and the server-side metadata it manages (uid, resourceVersion,
// generation, creationTimestamp, managedFields). Server-side apply is deliberately simplified:
// the applied top-level fields replace the stored ones and labels/annotations are merged, which
// is enough for kubectl apply/diff to see the results a real server would give for one manager.
import { randomUUID } from 'node:crypto';
import type { ApiResourceType } from './apiResources';
import { apiResourceTypes, apiVersionOf, findTypeByKind } from './apiResources';
import { notFound, status, StatusError } from './kubernetesStatus';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: unknown[];
  [field: string]: unknown;
}

export interface ApplyRequest {
  type: ApiResourceType;
  namespace: string | undefined;
  name: string;
  body: unknown;
  fieldManager: string;
  dryRun: boolean;
}

export interface ApplyResult {
  object: KubeObject;
  created: boolean;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** managedFields' FieldsV1 for what one apply sets; lists are kept whole because nothing here reads inside them. */
function fieldSet(value: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    fields[`f:${key}`] = isRecord(child) ? { '.': {}, ...fieldSet(child) } : {};
  }
  return fields;
}

export class ObjectStore {
  private readonly stored = new Map<string, { type: ApiResourceType; object: KubeObject }>();
  private resourceVersionCounter = 1000;

  private static key(type: ApiResourceType, namespace: string | undefined, name: string): string {
    return `${apiVersionOf(type)}|${type.kind}|${namespace ?? ''}|${name}`;
  }

  get currentResourceVersion(): string {
    return String(this.resourceVersionCounter);
  }

  private nextResourceVersion(): string {
    this.resourceVersionCounter += 1;
    return String(this.resourceVersionCounter);
  }

  /** Adds or replaces objects written as a user would (no server metadata needed); unknown kinds throw. */
  seed(objects: readonly unknown[]): void {
    for (const raw of objects) {
      if (!isRecord(raw) || typeof raw.apiVersion !== 'string' || typeof raw.kind !== 'string' || !isRecord(raw.metadata) || typeof raw.metadata.name !== 'string') {
        throw new Error(`seed: not a Kubernetes object with apiVersion, kind and metadata.name: ${JSON.stringify(raw)}`);
      }
      const type = findTypeByKind(raw.apiVersion, raw.kind);
      if (!type) throw new Error(`seed: the test API server does not serve ${raw.apiVersion} ${raw.kind}`);
      const object = clone(raw) as KubeObject;
      if (type.namespaced) object.metadata.namespace ??= 'default';
      else delete object.metadata.namespace;
      object.metadata.uid ??= randomUUID();
      object.metadata.resourceVersion = this.nextResourceVersion();
      object.metadata.creationTimestamp ??= timestamp();
      if (type.kind !== 'Namespace') object.metadata.generation ??= 1;
      if (type.kind === 'Namespace') object.status ??= { phase: 'Active' };
      this.stored.set(ObjectStore.key(type, object.metadata.namespace, object.metadata.name), { type, object });
    }
  }

  /** Every stored object, optionally of one kind, ordered as etcd lists them (namespace, then name). */
  objects(kind?: string): KubeObject[] {
    return [...this.stored.values()]
      .filter((entry) => kind === undefined || entry.type.kind === kind)
      .map((entry) => clone(entry.object))
      .sort(byNamespaceThenName);
  }

  list(type: ApiResourceType, namespace: string | undefined): KubeObject[] {
    return [...this.stored.values()]
      .filter((entry) => entry.type === type && (namespace === undefined || entry.object.metadata.namespace === namespace))
      .map((entry) => clone(entry.object))
      .sort(byNamespaceThenName);
  }

  get(type: ApiResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.stored.get(ObjectStore.key(type, namespace, name));
    return entry ? clone(entry.object) : undefined;
  }

  namespaceExists(name: string): boolean {
    const namespaceType = apiResourceTypes.find((type) => type.kind === 'Namespace');
    return namespaceType !== undefined && this.stored.has(ObjectStore.key(namespaceType, undefined, name));
  }

  /** Removes an object (unless dry run) and returns what was stored; undefined when there was nothing. */
  delete(type: ApiResourceType, namespace: string | undefined, name: string, dryRun: boolean): KubeObject | undefined {
    const key = ObjectStore.key(type, namespace, name);
    const entry = this.stored.get(key);
    if (entry && !dryRun) {
      this.stored.delete(key);
      this.nextResourceVersion();
    }
    return entry ? clone(entry.object) : undefined;
  }

  /** Server-side apply of one object to its named URL: creates it when missing, otherwise merges; a dry run stores nothing. */
  apply(request: ApplyRequest): ApplyResult {
    const { type, namespace, name, fieldManager } = request;
    const applied = this.validateAppliedObject(request);
    const existing = this.get(type, namespace, name);
    const now = timestamp();
    const managedEntry = { manager: fieldManager, operation: 'Apply', apiVersion: apiVersionOf(type), time: now, fieldsType: 'FieldsV1', fieldsV1: fieldSet(withoutServerMetadata(applied)) };

    if (!existing) {
      if (namespace !== undefined && !this.namespaceExists(namespace)) {
        const namespaceType = apiResourceTypes.find((candidate) => candidate.kind === 'Namespace');
        if (namespaceType) throw new StatusError(notFound(namespaceType, namespace));
      }
      const created: KubeObject = {
        ...applied,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
        metadata: {
          ...applied.metadata,
          name,
          ...(namespace !== undefined ? { namespace } : {}),
          uid: randomUUID(),
          resourceVersion: request.dryRun ? '' : this.nextResourceVersion(),
          ...(type.kind === 'Namespace' ? {} : { generation: 1 }),
          creationTimestamp: now,
          managedFields: [managedEntry],
        },
        ...(type.kind === 'Namespace' ? { status: { phase: 'Active' } } : {}),
      };
      if (!request.dryRun) this.stored.set(ObjectStore.key(type, namespace, name), { type, object: created });
      return { object: clone(created), created: true };
    }

    const merged = clone(existing);
    for (const [field, value] of Object.entries(applied)) {
      if (field === 'metadata' || field === 'status' || field === 'apiVersion' || field === 'kind') continue;
      merged[field] = clone(value);
    }
    if (applied.metadata.labels) merged.metadata.labels = { ...merged.metadata.labels, ...applied.metadata.labels };
    if (applied.metadata.annotations) merged.metadata.annotations = { ...merged.metadata.annotations, ...applied.metadata.annotations };

    // A no-op apply leaves the object untouched (same resourceVersion), which is what lets kubectl diff report "no differences".
    const contentChanged = JSON.stringify(withoutServerMetadata(merged)) !== JSON.stringify(withoutServerMetadata(existing));
    const otherManagers = (existing.metadata.managedFields ?? []).filter((entry) => !isRecord(entry) || entry.manager !== fieldManager || entry.operation !== 'Apply');
    const previousEntry = (existing.metadata.managedFields ?? []).find((entry) => isRecord(entry) && entry.manager === fieldManager && entry.operation === 'Apply');
    const ownershipChanged = !previousEntry || JSON.stringify((previousEntry as Record<string, unknown>).fieldsV1) !== JSON.stringify(managedEntry.fieldsV1);
    if (!contentChanged && !ownershipChanged) return { object: existing, created: false };

    merged.metadata.managedFields = [...otherManagers, managedEntry];
    if (JSON.stringify(merged.spec) !== JSON.stringify(existing.spec) && merged.metadata.generation !== undefined) merged.metadata.generation += 1;
    if (!request.dryRun) {
      merged.metadata.resourceVersion = this.nextResourceVersion();
      this.stored.set(ObjectStore.key(type, namespace, name), { type, object: merged });
    }
    return { object: clone(merged), created: false };
  }

  private validateAppliedObject(request: ApplyRequest): KubeObject {
    const { type, namespace, name, body } = request;
    if (!isRecord(body) || !isRecord(body.metadata)) throw new StatusError(status(400, 'error decoding patch: the applied object has no metadata'));
    if (body.apiVersion !== apiVersionOf(type) || body.kind !== type.kind) {
      throw new StatusError(status(400, `the apiVersion and kind of the applied object (${String(body.apiVersion)} ${String(body.kind)}) do not match the request URL (${apiVersionOf(type)} ${type.kind})`));
    }
    if (body.metadata.name !== name) throw new StatusError(status(400, 'the name of the object does not match the name on the URL'));
    if (body.metadata.namespace !== undefined && body.metadata.namespace !== namespace) {
      throw new StatusError(status(400, 'the namespace of the provided object does not match the namespace sent on the request'));
    }
    return clone(body) as KubeObject;
  }
}

function withoutServerMetadata(object: KubeObject): KubeObject {
  const { managedFields: _managedFields, resourceVersion: _resourceVersion, uid: _uid, generation: _generation, creationTimestamp: _creationTimestamp, ...metadata } = object.metadata;
  return { ...object, metadata: metadata as KubeMetadata };
}

function byNamespaceThenName(left: KubeObject, right: KubeObject): number {
  const leftKey = `${left.metadata.namespace ?? ''}/${left.metadata.name}`;
  const rightKey = `${right.metadata.namespace ?? ''}/${right.metadata.name}`;
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}
