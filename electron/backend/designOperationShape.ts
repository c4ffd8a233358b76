// Operations arrive from outside the process (IPC, the web host), so their shape is checked
// before designOperations sees them: every field the type promises is there with its type.
// Values are not judged here (that is the API server's part, in designValidation.ts); only
// whether the request is an operation at all. A wrong shape throws, naming the field.
import type { CanvasPosition, DesignOperation, DesignTarget, PolicyChange } from '../common/design';
import { DESIGN_TEMPLATES } from '../common/design';
import type { ContainerPortModel, NetworkPolicySpec, PolicyModel, Protocol } from '../common/model';
import { isRecord } from '../engine/labelValidation';

function fail(path: string, expected: string): never {
  throw new Error(`${path} must be ${expected}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(path, 'an object');
}

function string(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(path, 'a string');
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function boolean(value: unknown, path: string): boolean {
  return typeof value === 'boolean' ? value : fail(path, 'true or false');
}

function finite(value: unknown, path: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number');
}

function labels(value: unknown, path: string): Record<string, string> {
  const entries = Object.entries(record(value, path));
  for (const [key, text] of entries) string(text, `${path}[${JSON.stringify(key)}]`);
  return Object.fromEntries(entries) as Record<string, string>;
}

function position(value: unknown, path: string): CanvasPosition {
  const point = record(value, path);
  return { x: finite(point.x, `${path}.x`), y: finite(point.y, `${path}.y`) };
}

function ports(value: unknown, path: string): ContainerPortModel[] {
  if (!Array.isArray(value)) fail(path, 'a list of ports');
  return value.map((item: unknown, index) => {
    const port = record(item, `${path}[${index}]`);
    const containerPort = port.containerPort;
    if (typeof containerPort !== 'number' || !Number.isInteger(containerPort)) fail(`${path}[${index}].containerPort`, 'a whole number');
    // The API server defaults an absent protocol to TCP.
    const protocol = port.protocol === undefined ? 'TCP' : string(port.protocol, `${path}[${index}].protocol`);
    const name = optionalString(port.name, `${path}[${index}].name`);
    return { ...(name === undefined ? {} : { name }), containerPort, protocol: protocol as Protocol };
  });
}

function spec(value: unknown, path: string): NetworkPolicySpec {
  // The spec is validated as the API server would (policyValidation); here it only has to be an object.
  return record(value, path) as NetworkPolicySpec;
}

function policyChange(value: unknown, path: string): PolicyChange {
  const change = record(value, path);
  const type = change.type;
  if (type === 'create') {
    const policy = record(change.policy, `${path}.policy`);
    const model: PolicyModel = { namespace: string(policy.namespace, `${path}.policy.namespace`), name: string(policy.name, `${path}.policy.name`), spec: spec(policy.spec, `${path}.policy.spec`) };
    return { type, policy: model };
  }
  const namespace = string(change.namespace, `${path}.namespace`);
  const name = string(change.name, `${path}.name`);
  if (type === 'update') return { type, namespace, name, spec: spec(change.spec, `${path}.spec`) };
  if (type === 'delete') return { type, namespace, name };
  return fail(`${path}.type`, '"create", "update" or "delete"');
}

export function readDesignTarget(value: unknown, path = 'target'): DesignTarget {
  const target = record(value, path);
  if (target.kind === 'namespace') return { kind: 'namespace', name: string(target.name, `${path}.name`) };
  if (target.kind === 'workload') return { kind: 'workload', id: string(target.id, `${path}.id`) };
  if (target.kind === 'external') return { kind: 'external', name: string(target.name, `${path}.name`) };
  return fail(`${path}.kind`, '"namespace", "workload" or "external"');
}

/** The operation, with only the fields its type has; throws naming the first wrong field. */
export function readDesignOperation(value: unknown): DesignOperation {
  const operation = record(value, 'operation');
  const field = (name: string) => operation[name];
  const at = (name: string) => `operation.${name}`;
  const withPosition = <T extends object>(base: T): T & { position?: CanvasPosition } => {
    const point = field('position');
    return point === undefined ? base : { ...base, position: position(point, at('position')) };
  };
  switch (operation.type) {
    case 'add-namespace':
      return withPosition({ type: 'add-namespace' as const, name: string(field('name'), at('name')), labels: labels(field('labels') ?? {}, at('labels')) });
    case 'update-namespace':
      return { type: 'update-namespace', name: string(field('name'), at('name')), labels: labels(field('labels'), at('labels')) };
    case 'add-workload':
      return withPosition({
        type: 'add-workload' as const,
        namespace: string(field('namespace'), at('namespace')),
        name: string(field('name'), at('name')),
        kind: string(field('kind'), at('kind')),
        labels: labels(field('labels') ?? {}, at('labels')),
        ports: ports(field('ports') ?? [], at('ports')),
      });
    case 'update-workload': {
      const result: Extract<DesignOperation, { type: 'update-workload' }> = { type: 'update-workload', id: string(field('id'), at('id')) };
      const name = optionalString(field('name'), at('name'));
      const kind = optionalString(field('kind'), at('kind'));
      if (name !== undefined) result.name = name;
      if (kind !== undefined) result.kind = kind;
      if (field('labels') !== undefined) result.labels = labels(field('labels'), at('labels'));
      if (field('ports') !== undefined) result.ports = ports(field('ports'), at('ports'));
      return result;
    }
    case 'move-workload':
      return withPosition({ type: 'move-workload' as const, id: string(field('id'), at('id')), namespace: string(field('namespace'), at('namespace')) });
    case 'delete':
      return { type: 'delete', target: readDesignTarget(field('target'), at('target')) };
    case 'add-external':
      return withPosition({ type: 'add-external' as const, name: string(field('name'), at('name')), cidr: string(field('cidr'), at('cidr')) });
    case 'update-external': {
      const result: Extract<DesignOperation, { type: 'update-external' }> = { type: 'update-external', name: string(field('name'), at('name')) };
      const newName = optionalString(field('newName'), at('newName'));
      const cidr = optionalString(field('cidr'), at('cidr'));
      if (newName !== undefined) result.newName = newName;
      if (cidr !== undefined) result.cidr = cidr;
      return result;
    }
    case 'set-default-deny':
      return { type: 'set-default-deny', namespace: string(field('namespace'), at('namespace')), ingress: boolean(field('ingress'), at('ingress')), egress: boolean(field('egress'), at('egress')) };
    case 'apply-template': {
      const template = field('template');
      if (typeof template !== 'string' || !(DESIGN_TEMPLATES as readonly string[]).includes(template)) fail(at('template'), `one of ${DESIGN_TEMPLATES.map((t) => `"${t}"`).join(', ')}`);
      return { type: 'apply-template', template: template as (typeof DESIGN_TEMPLATES)[number], namespace: string(field('namespace'), at('namespace')) };
    }
    case 'policy-changes': {
      const changes = field('changes');
      if (!Array.isArray(changes)) fail(at('changes'), 'a list of policy changes');
      const result: Extract<DesignOperation, { type: 'policy-changes' }> = { type: 'policy-changes', changes: changes.map((change, index) => policyChange(change, `${at('changes')}[${index}]`)) };
      const label = optionalString(field('label'), at('label'));
      if (label !== undefined) result.label = label;
      return result;
    }
    case 'set-positions': {
      const positions = record(field('positions'), at('positions'));
      return { type: 'set-positions', positions: Object.fromEntries(Object.keys(positions).map((id) => [id, position(positions[id], `${at('positions')}[${JSON.stringify(id)}]`)])) };
    }
    case 'set-collapsed': {
      const namespaces = field('namespaces');
      if (!Array.isArray(namespaces)) fail(at('namespaces'), 'a list of namespace names');
      return { type: 'set-collapsed', namespaces: namespaces.map((name, index) => string(name, `${at('namespaces')}[${index}]`)) };
    }
    default:
      return fail('operation.type', 'a design operation (add-namespace, add-workload, delete, …)');
  }
}
