// The sections of a design file (see designFile.ts) into a Design. Every wrong type is an
// error naming the field and where it is written; an unknown field is a warning (it is not
// kept, so a save would drop it). Policies are read by the same reader as manifests, so they
// get the same API-server type checks and field positions.
import type { ContainerPortModel, Design, DesignView, Diagnostic, ExternalBlockModel, NamespaceModel, PolicyModel, Protocol, SourceLocation, WorkloadModel } from '../common/model';
import { NAMESPACE_NAME_LABEL } from './namespaceInventory';
import { NETWORK_POLICY_API_VERSION, PolicyNames, readNetworkPolicy } from './networkPolicies';
import { isPlainObject } from './readManifestFile';
import { childPath } from './sourcePositions';
import type { PositionNode } from './sourcePositions';
import { workloadId } from './workloadIdentity';

/** A value of the design file, the node it was read from, and its field path. */
interface Cursor {
  value: unknown;
  node: PositionNode | undefined;
  path: string;
}

const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'formatVersion', 'namespaces', 'workloads', 'externalBlocks', 'policies', 'view'];
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

class SectionReader {
  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  location(cursor: Cursor, objectPath?: (string | number)[]): SourceLocation {
    const position = cursor.node?.position ?? { line: 1, column: 1 };
    const location: SourceLocation = { file: this.file, line: position.line, column: position.column };
    if (objectPath) location.objectPath = objectPath;
    return location;
  }

  report(cursor: Cursor, message: string, code = 'design-shape', severity: Diagnostic['severity'] = 'error'): undefined {
    this.diagnostics.push({ severity, code, message, location: this.location(cursor), fieldPath: cursor.path });
    return undefined;
  }

  typeError(cursor: Cursor, expected: string): undefined {
    return this.report(cursor, `${cursor.path}: Invalid type: expected ${expected}, got ${describe(cursor.value)}`);
  }

  /** A field of a mapping; a missing field is located at its mapping. */
  field(parent: Cursor, key: string): Cursor {
    const value = isPlainObject(parent.value) && Object.hasOwn(parent.value, key) ? parent.value[key] : undefined;
    return { value, node: parent.node?.child(key) ?? parent.node, path: childPath(parent.path, key) };
  }

  /** The items of a list (absent or null: none). */
  items(cursor: Cursor): Cursor[] {
    if (cursor.value === undefined || cursor.value === null) return [];
    if (!Array.isArray(cursor.value)) return this.typeError(cursor, 'a list') ?? [];
    const nodes = cursor.node?.items() ?? [];
    return cursor.value.map((value, index) => ({ value, node: nodes[index] ?? cursor.node, path: childPath(cursor.path, index) }));
  }

  /** A mapping, checked for unknown fields. */
  mapping(cursor: Cursor, known: readonly string[]): Record<string, unknown> | undefined {
    if (!isPlainObject(cursor.value)) return this.typeError(cursor, 'a mapping');
    for (const key of Object.keys(cursor.value)) {
      if (known.includes(key)) continue;
      const field = this.field(cursor, key);
      this.report(field, `${field.path}: unknown field ${JSON.stringify(key)}; ignored (saving the design drops it)`, 'unknown-field', 'warning');
    }
    return cursor.value;
  }

  string(cursor: Cursor, required: boolean): string | undefined {
    if (cursor.value === undefined || cursor.value === null || cursor.value === '') {
      if (required) this.report(cursor, `${cursor.path}: Required value`);
      return cursor.value === '' && !required ? '' : undefined;
    }
    return typeof cursor.value === 'string' ? cursor.value : this.typeError(cursor, 'a string');
  }

  /** Labels: string keys to string values (`null` reads as "", as the API server decodes it). */
  labels(cursor: Cursor): Record<string, string> {
    if (cursor.value === undefined || cursor.value === null) return {};
    if (!isPlainObject(cursor.value)) return this.typeError(cursor, 'a mapping') ?? {};
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(cursor.value)) {
      if (value === null) entries.push([key, '']);
      else if (typeof value === 'string') entries.push([key, value]);
      else this.typeError(this.field(cursor, key), 'a string');
    }
    // fromEntries defines own properties, so a key like `__proto__` stays a plain key.
    return Object.fromEntries(entries);
  }

  number(cursor: Cursor, check: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = cursor.value;
    if (value === undefined || value === null) return this.report(cursor, `${cursor.path}: Required value`);
    if (typeof value !== 'number' || !Number.isFinite(value) || (check.integer && !Number.isInteger(value))) {
      return this.typeError(cursor, check.integer ? 'an integer' : 'a number');
    }
    if ((check.min !== undefined && value < check.min) || (check.max !== undefined && value > check.max)) {
      return this.report(cursor, `${cursor.path}: Invalid value: ${value}: must be between ${check.min} and ${check.max}, inclusive`);
    }
    return value;
  }

  stringList(cursor: Cursor): string[] {
    const result: string[] = [];
    for (const item of this.items(cursor)) {
      const text = this.string(item, true);
      if (text !== undefined) result.push(text);
    }
    return result;
  }

  namespace(cursor: Cursor, index: number): NamespaceModel | undefined {
    if (!this.mapping(cursor, ['name', 'labels'])) return undefined;
    const name = this.string(this.field(cursor, 'name'), true);
    const labels = this.labels(this.field(cursor, 'labels'));
    if (name === undefined) return undefined;
    // The API server adds this label to every namespace; the file leaves it implied.
    if (!Object.hasOwn(labels, NAMESPACE_NAME_LABEL)) labels[NAMESPACE_NAME_LABEL] = name;
    return { name, labels, source: this.location(cursor, ['namespaces', index]) };
  }

  port(cursor: Cursor): ContainerPortModel | undefined {
    if (!this.mapping(cursor, ['name', 'containerPort', 'protocol'])) return undefined;
    const name = this.string(this.field(cursor, 'name'), false);
    const containerPort = this.number(this.field(cursor, 'containerPort'), { integer: true, min: 1, max: 65535 });
    const protocolCursor = this.field(cursor, 'protocol');
    const protocol = protocolCursor.value === undefined ? 'TCP' : this.string(protocolCursor, true);
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
      return this.report(protocolCursor, `${protocolCursor.path}: Unsupported value: ${JSON.stringify(protocol)}: supported values: "TCP", "UDP", "SCTP"`);
    }
    if (containerPort === undefined || protocol === undefined) return undefined;
    const port: ContainerPortModel = { containerPort, protocol: protocol as Protocol };
    if (name !== undefined && name !== '') port.name = name;
    return port;
  }

  workload(cursor: Cursor, index: number): WorkloadModel | undefined {
    if (!this.mapping(cursor, ['namespace', 'name', 'kind', 'labels', 'labelVariants', 'ports', 'podIPs'])) return undefined;
    const namespace = this.string(this.field(cursor, 'namespace'), true);
    const name = this.string(this.field(cursor, 'name'), true);
    const kind = this.string(this.field(cursor, 'kind'), true);
    const labels = this.labels(this.field(cursor, 'labels'));
    const variantsCursor = this.field(cursor, 'labelVariants');
    const labelVariants = variantsCursor.value === undefined ? undefined : this.items(variantsCursor).map((item) => this.labels(item));
    const ports = this.items(this.field(cursor, 'ports')).map((item) => this.port(item));
    const podIPs = this.stringList(this.field(cursor, 'podIPs'));
    if (namespace === undefined || name === undefined || kind === undefined) return undefined;
    const workload: WorkloadModel = {
      namespace,
      name,
      kind,
      labels,
      ports: ports.filter((port): port is ContainerPortModel => port !== undefined),
      podIPs,
      source: this.location(cursor, ['workloads', index]),
    };
    if (labelVariants) workload.labelVariants = labelVariants;
    return workload;
  }

  externalBlock(cursor: Cursor): ExternalBlockModel | undefined {
    if (!this.mapping(cursor, ['name', 'cidr'])) return undefined;
    const name = this.string(this.field(cursor, 'name'), true);
    // The CIDR's syntax is the engine's to check, like every ipBlock of a policy.
    const cidr = this.string(this.field(cursor, 'cidr'), true);
    return name === undefined || cidr === undefined ? undefined : { name, cidr };
  }

  policy(cursor: Cursor, index: number, names: PolicyNames): PolicyModel | undefined {
    if (!isPlainObject(cursor.value)) return this.typeError(cursor, 'a NetworkPolicy (a mapping)');
    const { kind, apiVersion } = cursor.value;
    if (kind !== 'NetworkPolicy' || apiVersion !== NETWORK_POLICY_API_VERSION) {
      return this.report(
        cursor,
        `${cursor.path}: expected a ${NETWORK_POLICY_API_VERSION} NetworkPolicy, got apiVersion ${JSON.stringify(apiVersion ?? null)}, kind ${JSON.stringify(kind ?? null)}`,
      );
    }
    const location = this.location(cursor, ['policies', index]);
    return readNetworkPolicy({ kind, apiVersion, value: cursor.value, location, node: cursor.node }, names, this.diagnostics);
  }

  view(cursor: Cursor): DesignView {
    const view: DesignView = { positions: {} };
    if (cursor.value === undefined || cursor.value === null) return view;
    if (!this.mapping(cursor, ['positions', 'collapsedNamespaces'])) return view;
    const positionsCursor = this.field(cursor, 'positions');
    if (positionsCursor.value !== undefined && positionsCursor.value !== null) {
      if (!isPlainObject(positionsCursor.value)) {
        this.typeError(positionsCursor, 'a mapping');
      } else {
        const entries: [string, { x: number; y: number }][] = [];
        for (const id of Object.keys(positionsCursor.value)) {
          const point = this.field(positionsCursor, id);
          if (!this.mapping(point, ['x', 'y'])) continue;
          const x = this.number(this.field(point, 'x'));
          const y = this.number(this.field(point, 'y'));
          if (x !== undefined && y !== undefined) entries.push([id, { x, y }]);
        }
        view.positions = Object.fromEntries(entries);
      }
    }
    const collapsed = this.field(cursor, 'collapsedNamespaces');
    if (collapsed.value !== undefined) view.collapsedNamespaces = this.stringList(collapsed);
    return view;
  }

  /** Reports the second and later entries with an identity already seen. */
  unique<T>(entries: readonly { item: T; cursor: Cursor }[], identity: (item: T) => string, what: string, code: string): void {
    const first = new Map<string, Cursor>();
    for (const { item, cursor } of entries) {
      const id = identity(item);
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, cursor);
        continue;
      }
      const at = this.location(earlier);
      this.report(cursor, `${cursor.path}: ${what} ${id} is defined twice: at ${at.file}:${at.line}:${at.column} and here`, code);
    }
  }
}

function present<T>(entries: { item: T | undefined; cursor: Cursor }[]): { item: T; cursor: Cursor }[] {
  return entries.filter((entry): entry is { item: T; cursor: Cursor } => entry.item !== undefined);
}

/** Reads every section of a design file whose header has been checked. */
export function readDesignSections(root: Record<string, unknown>, rootNode: PositionNode | undefined, file: string, diagnostics: Diagnostic[]): Design | undefined {
  const reader = new SectionReader(file, diagnostics);
  const top: Cursor = { value: root, node: rootNode, path: '' };
  reader.mapping(top, TOP_LEVEL_FIELDS);

  const namespaces = present(reader.items(reader.field(top, 'namespaces')).map((cursor, index) => ({ item: reader.namespace(cursor, index), cursor })));
  reader.unique(namespaces, (namespace) => namespace.name, 'Namespace', 'duplicate-namespace');

  const workloads = present(reader.items(reader.field(top, 'workloads')).map((cursor, index) => ({ item: reader.workload(cursor, index), cursor })));
  reader.unique(workloads, (workload) => workloadId(workload.namespace, workload.name, workload.kind), 'workload', 'duplicate-workload');

  const blocksCursor = reader.field(top, 'externalBlocks');
  const externalBlocks = present(reader.items(blocksCursor).map((cursor) => ({ item: reader.externalBlock(cursor), cursor })));
  // Blocks are told apart by name on the canvas (`external:<name>`).
  reader.unique(externalBlocks, (block) => block.name, 'external block', 'duplicate-external-block');

  const names = new PolicyNames();
  const policies = reader.items(reader.field(top, 'policies')).map((cursor, index) => reader.policy(cursor, index, names));

  const view = reader.view(reader.field(top, 'view'));
  const model: Design['model'] = {
    namespaces: namespaces.map(({ item }) => item),
    workloads: workloads.map(({ item }) => item),
    policies: policies.filter((policy): policy is PolicyModel => policy !== undefined),
  };
  if (blocksCursor.value !== undefined && blocksCursor.value !== null) model.externalBlocks = externalBlocks.map(({ item }) => item);
  return { model, view };
}
