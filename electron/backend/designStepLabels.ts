// The name of each undo step, as the Edit menu shows it: "Undo Add workload backend".
import type { DesignOperation, DesignTarget, PolicyChange } from '../common/design';
import { parseWorkloadId } from './designView';

function targetLabel(target: DesignTarget): string {
  if (target.kind === 'namespace') return `namespace ${target.name}`;
  if (target.kind === 'external') return `external block ${target.name}`;
  return `workload ${parseWorkloadId(target.id)?.name ?? target.id}`;
}

function changeLabel(change: PolicyChange): string {
  if (change.type === 'create') return `Create policy ${change.policy.namespace}/${change.policy.name}`;
  return `${change.type === 'update' ? 'Update' : 'Delete'} policy ${change.namespace}/${change.name}`;
}

/** The name of the undo step, e.g. "Add workload backend". */
export function describeOperation(operation: DesignOperation): string {
  switch (operation.type) {
    case 'add-namespace':
      return `Add namespace ${operation.name}`;
    case 'update-namespace':
      return `Edit labels of namespace ${operation.name}`;
    case 'add-workload':
      return `Add workload ${operation.name}`;
    case 'update-workload': {
      const name = parseWorkloadId(operation.id)?.name ?? operation.id;
      return operation.name !== undefined && operation.name !== name ? `Rename workload ${name} to ${operation.name}` : `Edit workload ${name}`;
    }
    case 'move-workload':
      return `Move workload ${parseWorkloadId(operation.id)?.name ?? operation.id} to ${operation.namespace}`;
    case 'delete':
      return `Delete ${targetLabel(operation.target)}`;
    case 'add-external':
      return `Add external block ${operation.name}`;
    case 'update-external':
      return `Edit external block ${operation.name}`;
    case 'set-default-deny': {
      const directions = [operation.ingress ? 'ingress' : '', operation.egress ? 'egress' : ''].filter(Boolean);
      return directions.length === 0 ? `Turn off default deny in ${operation.namespace}` : `Default deny ${directions.join(' and ')} in ${operation.namespace}`;
    }
    case 'apply-template':
      return `Apply template ${operation.template} to ${operation.namespace}`;
    case 'policy-changes':
      if (operation.label) return operation.label;
      return operation.changes.length === 1 ? changeLabel(operation.changes[0] as PolicyChange) : `Change ${operation.changes.length} policies`;
    case 'set-positions':
      return 'Move nodes';
    case 'set-collapsed':
      return 'Collapse namespaces';
  }
}
