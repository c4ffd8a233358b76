// One user edit applied to a design (issue 5 "Design by drawing"). Pure: a Design in, a new
// Design out, or a refusal in the API server's words when the result could not exist in a
// cluster. Unchanged objects keep their identity (the engine caches compiled policies and
// inventory by identity), and an edit that changes nothing returns the very same Design, which
// the history then does not record as a step.
import type { DesignOperation, DesignTarget, DesignTemplate, PolicyChange } from '../common/design';
import type { ClusterModel, ContainerPortModel, Design, ExternalBlockModel, Labels, PolicyModel, WorkloadModel } from '../common/model';
import { effectivePolicyTypes, METADATA_NAME_LABEL } from '../engine/compile';
import { workloadId } from '../engine/connectivity';
import { isEmptySelector } from '../engine/labelSelector';
import { validatePolicy } from '../engine/policyValidation';
import type { DenyDirection } from './designTemplates';
import { DEFAULT_DENY_NAMES, defaultDenyPolicy, templateContents } from './designTemplates';
import {
  alreadyExists,
  cidrErrors,
  containerPortErrors,
  externalNameErrors,
  invalidExternalBlock,
  invalidObject,
  labelErrors,
  namespaceNameErrors,
  notFound,
  objectNameErrors,
  podLabelsPath,
  workloadKindErrors,
} from './designValidation';
import { externalNodeId, namespaceNodeId, parseWorkloadId, setCollapsed, setPositions, withView } from './designView';

export type OperationOutcome = { design: Design } | { error: string };

function refuse(error: string): OperationOutcome {
  return { error };
}

function withModel(design: Design, model: Partial<ClusterModel>): Design {
  return { model: { ...design.model, ...model }, view: design.view };
}

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function samePorts(a: readonly ContainerPortModel[], b: readonly ContainerPortModel[]): boolean {
  return a.length === b.length && a.every((port, i) => port.name === b[i]?.name && port.containerPort === b[i]?.containerPort && port.protocol === b[i]?.protocol);
}

function copyPorts(ports: readonly ContainerPortModel[]): ContainerPortModel[] {
  return ports.map((port) => (port.name === undefined || port.name === '' ? { containerPort: port.containerPort, protocol: port.protocol } : { name: port.name, containerPort: port.containerPort, protocol: port.protocol }));
}

/** Declared namespaces plus those implied by a workload or a policy (the engine implies them too). */
export function namespaceExists(model: ClusterModel, name: string): boolean {
  return model.namespaces.some((n) => n.name === name) || model.workloads.some((w) => w.namespace === name) || model.policies.some((p) => p.namespace === name);
}

function findWorkload(model: ClusterModel, id: string): number {
  return model.workloads.findIndex((workload) => workloadId(workload) === id);
}

/** `deployments.apps "backend" not found`, from the workload's id. */
export function workloadNotFound(id: string): string {
  const parts = parseWorkloadId(id);
  return parts ? notFound(parts.kind, parts.name) : `workload "${id}" not found (expected namespace/name[Kind])`;
}

function policyIndex(policies: readonly PolicyModel[], namespace: string, name: string): number {
  return policies.findIndex((policy) => policy.namespace === namespace && policy.name === name);
}

function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  const copy = [...list];
  copy[index] = item;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Namespaces

function addNamespace(design: Design, name: string, labels: Labels, position: { x: number; y: number } | undefined): OperationOutcome {
  const errors = [...namespaceNameErrors(name), ...labelErrors(labels, 'metadata.labels')];
  if (errors.length > 0) return refuse(invalidObject('Namespace', name, errors));
  if (design.model.namespaces.some((namespace) => namespace.name === name)) return refuse(alreadyExists('Namespace', name));
  // The server sets kubernetes.io/metadata.name to the name, whatever the request says.
  const namespace = { name, labels: { ...labels, [METADATA_NAME_LABEL]: name } };
  const added = withModel(design, { namespaces: [...design.model.namespaces, namespace] });
  return { design: position ? withView(added, { set: { [namespaceNodeId(name)]: position } }) : added };
}

function updateNamespace(design: Design, name: string, labels: Labels): OperationOutcome {
  const errors = labelErrors(labels, 'metadata.labels');
  if (errors.length > 0) return refuse(invalidObject('Namespace', name, errors));
  if (!namespaceExists(design.model, name)) return refuse(notFound('Namespace', name));
  const wanted = { ...labels, [METADATA_NAME_LABEL]: name };
  const index = design.model.namespaces.findIndex((namespace) => namespace.name === name);
  const current = design.model.namespaces[index];
  if (current && sameLabels(current.labels, wanted)) return { design };
  const namespace = { name, labels: wanted };
  // A namespace only implied by its workloads becomes a declared one.
  const namespaces = current ? replaceAt(design.model.namespaces, index, namespace) : [...design.model.namespaces, namespace];
  return { design: withModel(design, { namespaces }) };
}

// ---------------------------------------------------------------------------------------------
// Workloads

function workloadErrors(workload: Pick<WorkloadModel, 'name' | 'kind' | 'labels' | 'ports'>): string[] {
  return [...objectNameErrors(workload.name), ...workloadKindErrors(workload.kind), ...labelErrors(workload.labels, podLabelsPath(workload.kind)), ...containerPortErrors(workload.ports, workload.kind)];
}

function addWorkload(design: Design, operation: Extract<DesignOperation, { type: 'add-workload' }>): OperationOutcome {
  const workload: WorkloadModel = {
    namespace: operation.namespace,
    name: operation.name,
    kind: operation.kind,
    labels: { ...operation.labels },
    ports: copyPorts(operation.ports),
    podIPs: [],
  };
  const errors = workloadErrors(workload);
  if (errors.length > 0) return refuse(invalidObject(workload.kind, workload.name, errors));
  if (!namespaceExists(design.model, workload.namespace)) return refuse(notFound('Namespace', workload.namespace));
  if (findWorkload(design.model, workloadId(workload)) >= 0) return refuse(alreadyExists(workload.kind, workload.name));
  const added = withModel(design, { workloads: [...design.model.workloads, workload] });
  return { design: operation.position ? withView(added, { set: { [workloadId(workload)]: operation.position } }) : added };
}

function updateWorkload(design: Design, operation: Extract<DesignOperation, { type: 'update-workload' }>): OperationOutcome {
  const index = findWorkload(design.model, operation.id);
  const current = design.model.workloads[index];
  if (!current) return refuse(workloadNotFound(operation.id));
  const wanted = {
    name: operation.name ?? current.name,
    kind: operation.kind ?? current.kind,
    labels: operation.labels ? { ...operation.labels } : current.labels,
    ports: operation.ports ? copyPorts(operation.ports) : current.ports,
  };
  const unchanged = wanted.name === current.name && wanted.kind === current.kind && sameLabels(wanted.labels, current.labels) && samePorts(wanted.ports, current.ports);
  if (unchanged) return { design };
  const errors = workloadErrors(wanted);
  if (errors.length > 0) return refuse(invalidObject(wanted.kind, wanted.name, errors));
  const workload: WorkloadModel = { ...current, ...wanted };
  // Label variants describe pods read from a cluster; labels set by hand replace them all.
  if (!sameLabels(wanted.labels, current.labels)) delete workload.labelVariants;
  const id = workloadId(workload);
  if (id !== operation.id && findWorkload(design.model, id) >= 0) return refuse(alreadyExists(workload.kind, workload.name));
  return { design: withView(withModel(design, { workloads: replaceAt(design.model.workloads, index, workload) }), { rename: [[operation.id, id]] }) };
}

function moveWorkload(design: Design, operation: Extract<DesignOperation, { type: 'move-workload' }>): OperationOutcome {
  const index = findWorkload(design.model, operation.id);
  const current = design.model.workloads[index];
  if (!current) return refuse(workloadNotFound(operation.id));
  if (!namespaceExists(design.model, operation.namespace)) return refuse(notFound('Namespace', operation.namespace));
  if (current.namespace === operation.namespace) {
    return { design: operation.position ? withView(design, { set: { [operation.id]: operation.position } }) : design };
  }
  // Labels, ports and pod IPs go along; policies stay where they are and select by labels.
  const workload: WorkloadModel = { ...current, namespace: operation.namespace };
  const id = workloadId(workload);
  if (findWorkload(design.model, id) >= 0) return refuse(alreadyExists(workload.kind, workload.name));
  const moved = withModel(design, { workloads: replaceAt(design.model.workloads, index, workload) });
  // The old position lies inside the old namespace; without a new one the layout places it.
  return { design: withView(moved, { remove: [operation.id], ...(operation.position ? { set: { [id]: operation.position } } : {}) }) };
}

// ---------------------------------------------------------------------------------------------
// Deleting

function deleteTarget(design: Design, target: DesignTarget): OperationOutcome {
  const model = design.model;
  if (target.kind === 'namespace') {
    const name = target.name;
    if (!namespaceExists(model, name)) return refuse(notFound('Namespace', name));
    const doomed = model.workloads.filter((workload) => workload.namespace === name);
    const trimmed = withModel(design, {
      namespaces: model.namespaces.filter((namespace) => namespace.name !== name),
      workloads: doomed.length === 0 ? model.workloads : model.workloads.filter((workload) => workload.namespace !== name),
      policies: model.policies.some((policy) => policy.namespace === name) ? model.policies.filter((policy) => policy.namespace !== name) : model.policies,
    });
    return { design: withView(trimmed, { remove: [namespaceNodeId(name), ...doomed.map((workload) => workloadId(workload))], removeNamespaces: [name] }) };
  }
  if (target.kind === 'workload') {
    const index = findWorkload(model, target.id);
    if (index < 0) return refuse(workloadNotFound(target.id));
    return { design: withView(withModel(design, { workloads: model.workloads.filter((_, i) => i !== index) }), { remove: [target.id] }) };
  }
  const blocks = model.externalBlocks ?? [];
  if (!blocks.some((block) => block.name === target.name)) return refuse(`external block "${target.name}" not found`);
  return { design: withView(withModel(design, { externalBlocks: blocks.filter((block) => block.name !== target.name) }), { remove: [externalNodeId(target.name)] }) };
}

// ---------------------------------------------------------------------------------------------
// External blocks

function addExternal(design: Design, operation: Extract<DesignOperation, { type: 'add-external' }>): OperationOutcome {
  const errors = [...externalNameErrors(operation.name), ...cidrErrors(operation.cidr)];
  if (errors.length > 0) return refuse(invalidExternalBlock(operation.name, errors));
  const blocks = design.model.externalBlocks ?? [];
  if (blocks.some((block) => block.name === operation.name)) return refuse(`external block "${operation.name}" already exists`);
  const added = withModel(design, { externalBlocks: [...blocks, { name: operation.name, cidr: operation.cidr }] });
  return { design: operation.position ? withView(added, { set: { [externalNodeId(operation.name)]: operation.position } }) : added };
}

function updateExternal(design: Design, operation: Extract<DesignOperation, { type: 'update-external' }>): OperationOutcome {
  const blocks = design.model.externalBlocks ?? [];
  const index = blocks.findIndex((block) => block.name === operation.name);
  const current = blocks[index];
  if (!current) return refuse(`external block "${operation.name}" not found`);
  const block: ExternalBlockModel = { name: operation.newName ?? current.name, cidr: operation.cidr ?? current.cidr };
  if (block.name === current.name && block.cidr === current.cidr) return { design };
  const errors = [...externalNameErrors(block.name), ...cidrErrors(block.cidr)];
  if (errors.length > 0) return refuse(invalidExternalBlock(block.name, errors));
  if (block.name !== current.name && blocks.some((other) => other.name === block.name)) return refuse(`external block "${block.name}" already exists`);
  const updated = withModel(design, { externalBlocks: replaceAt(blocks, index, block) });
  return { design: withView(updated, { rename: [[externalNodeId(current.name), externalNodeId(block.name)]] }) };
}

// ---------------------------------------------------------------------------------------------
// Default deny and templates

type Direction = 'ingress' | 'egress';

/** Selects every pod of its namespace for the direction and admits nothing (namespacesOf's test). */
function deniesAll(policy: PolicyModel, direction: Direction): boolean {
  if (!isEmptySelector(policy.spec.podSelector) || !effectivePolicyTypes(policy)[direction]) return false;
  const rules = direction === 'ingress' ? policy.spec.ingress : policy.spec.egress;
  return !Array.isArray(rules) || rules.length === 0;
}

/** A policy the default-deny switch made: its name, and nothing but default deny for exactly its directions. */
function isSwitchPolicy(policy: PolicyModel, direction: DenyDirection): boolean {
  if (policy.name !== DEFAULT_DENY_NAMES[direction]) return false;
  const types = effectivePolicyTypes(policy);
  const wanted = { ingress: direction !== 'egress', egress: direction !== 'ingress' };
  if (types.ingress !== wanted.ingress || types.egress !== wanted.egress) return false;
  const noRules = (rules: unknown[] | null | undefined) => !Array.isArray(rules) || rules.length === 0;
  return isEmptySelector(policy.spec.podSelector) && noRules(policy.spec.ingress) && noRules(policy.spec.egress);
}

const DENY_DIRECTIONS: readonly DenyDirection[] = ['ingress', 'egress', 'all'];

function setDefaultDeny(design: Design, namespace: string, wanted: Record<Direction, boolean>): OperationOutcome {
  if (!namespaceExists(design.model, namespace)) return refuse(notFound('Namespace', namespace));
  const policies = design.model.policies;
  const own = policies.filter((policy) => policy.namespace === namespace);
  const switchPolicies = own.filter((policy) => DENY_DIRECTIONS.some((direction) => isSwitchPolicy(policy, direction)));
  const others = own.filter((policy) => !switchPolicies.includes(policy));
  const managed = { ingress: switchPolicies.some((p) => deniesAll(p, 'ingress')), egress: switchPolicies.some((p) => deniesAll(p, 'egress')) };
  const next: Record<Direction, boolean> = { ingress: false, egress: false };
  for (const direction of ['ingress', 'egress'] as const) {
    const other = others.find((policy) => deniesAll(policy, direction));
    if (!wanted[direction] && other) {
      return refuse(
        `Default deny of ${direction} in namespace ${namespace} comes from policy ${namespace}/${other.name}, which the default-deny switch does not manage; edit or delete that policy instead`,
      );
    }
    // Another policy already denies: add nothing, but keep what the switch made before.
    next[direction] = wanted[direction] && (!other || managed[direction]);
  }
  if (next.ingress === managed.ingress && next.egress === managed.egress) return { design };
  const direction: DenyDirection | undefined = next.ingress && next.egress ? 'all' : next.ingress ? 'ingress' : next.egress ? 'egress' : undefined;
  const kept = direction ? switchPolicies.find((policy) => isSwitchPolicy(policy, direction)) : undefined;
  const removed = new Set(switchPolicies.filter((policy) => policy !== kept));
  const remaining = policies.filter((policy) => !removed.has(policy));
  const added = direction && !kept ? [defaultDenyPolicy(namespace, direction)] : [];
  for (const policy of added) {
    if (policyIndex(remaining, namespace, policy.name) >= 0) return refuse(alreadyExists('NetworkPolicy', policy.name));
  }
  return { design: withModel(design, { policies: [...remaining, ...added] }) };
}

function applyTemplate(design: Design, template: DesignTemplate, namespace: string): OperationOutcome {
  if (!namespaceExists(design.model, namespace)) return refuse(notFound('Namespace', namespace));
  const contents = templateContents(template, namespace);
  for (const workload of contents.workloads) {
    if (findWorkload(design.model, workloadId(workload)) >= 0) return refuse(alreadyExists(workload.kind, workload.name));
  }
  for (const policy of contents.policies) {
    if (policyIndex(design.model.policies, namespace, policy.name) >= 0) return refuse(alreadyExists('NetworkPolicy', policy.name));
  }
  return {
    design: withModel(design, {
      ...(contents.workloads.length > 0 ? { workloads: [...design.model.workloads, ...contents.workloads] } : {}),
      policies: [...design.model.policies, ...contents.policies],
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Policy changes

/** Why the API server would refuse the policy (name, then spec), or undefined. */
function policyRefusal(policy: PolicyModel): string | undefined {
  const errors = [
    ...objectNameErrors(policy.name),
    ...validatePolicy(policy)
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => diagnostic.message),
  ];
  return errors.length > 0 ? invalidObject('NetworkPolicy', policy.name, errors) : undefined;
}

function applyChange(model: ClusterModel, policies: PolicyModel[], change: PolicyChange): PolicyModel[] | string {
  if (change.type === 'create') {
    const { namespace, name, spec } = change.policy;
    const policy: PolicyModel = { namespace, name, spec };
    const refusal = policyRefusal(policy);
    if (refusal) return refusal;
    if (!namespaceExists(model, namespace)) return notFound('Namespace', namespace);
    if (policyIndex(policies, namespace, name) >= 0) return alreadyExists('NetworkPolicy', name);
    return [...policies, policy];
  }
  const index = policyIndex(policies, change.namespace, change.name);
  if (index < 0) return notFound('NetworkPolicy', change.name);
  if (change.type === 'delete') return policies.filter((_, i) => i !== index);
  const policy: PolicyModel = { namespace: change.namespace, name: change.name, spec: change.spec };
  return policyRefusal(policy) ?? replaceAt(policies, index, policy);
}

function applyPolicyChanges(design: Design, changes: readonly PolicyChange[]): OperationOutcome {
  if (changes.length === 0) return { design };
  let policies = design.model.policies;
  for (const [index, change] of changes.entries()) {
    const result = applyChange(design.model, policies, change);
    if (typeof result === 'string') return refuse(changes.length === 1 ? result : `change ${index + 1} of ${changes.length}: ${result}`);
    policies = result;
  }
  return { design: withModel(design, { policies }) };
}

// ---------------------------------------------------------------------------------------------

/** Applies one operation; the same Design back when it changes nothing. */
export function applyOperation(design: Design, operation: DesignOperation): OperationOutcome {
  switch (operation.type) {
    case 'add-namespace':
      return addNamespace(design, operation.name, operation.labels, operation.position);
    case 'update-namespace':
      return updateNamespace(design, operation.name, operation.labels);
    case 'add-workload':
      return addWorkload(design, operation);
    case 'update-workload':
      return updateWorkload(design, operation);
    case 'move-workload':
      return moveWorkload(design, operation);
    case 'delete':
      return deleteTarget(design, operation.target);
    case 'add-external':
      return addExternal(design, operation);
    case 'update-external':
      return updateExternal(design, operation);
    case 'set-default-deny':
      return setDefaultDeny(design, operation.namespace, { ingress: operation.ingress, egress: operation.egress });
    case 'apply-template':
      return applyTemplate(design, operation.template, operation.namespace);
    case 'policy-changes':
      return applyPolicyChanges(design, operation.changes);
    case 'set-positions':
    case 'set-collapsed':
      return { design: applyViewOperation(design, operation) };
  }
}

export type ViewOperation = Extract<DesignOperation, { type: 'set-positions' | 'set-collapsed' }>;

/** Whether an operation only changes where things are drawn (never an undo step of its own). */
export function isViewOperation(operation: DesignOperation): operation is ViewOperation {
  return operation.type === 'set-positions' || operation.type === 'set-collapsed';
}

/** A view operation never fails: positions of nodes the design lacks are left out. */
export function applyViewOperation(design: Design, operation: ViewOperation): Design {
  return operation.type === 'set-positions' ? setPositions(design, operation.positions) : setCollapsed(design, operation.namespaces);
}
