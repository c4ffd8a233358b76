// What a hand edit of policies (the policy editor's form) would do, before it is applied: every
// finding the API server would report on the edited policies, placed on its field so the form
// can show it next to the input, and — when nothing would be refused — every pair whose
// connectivity changes. The form asks after each edit; design:apply does the change itself.
import type { PolicyChange, PolicyCheck } from '../common/design';
import type { ClusterModel, Diagnostic, PolicyModel } from '../common/model';
import type { Analysis } from '../engine/analysis';
import { analyzeModel } from '../engine/analysis';
import { diffConnectivity } from '../engine/connectivityDiff';
import { validatePolicy } from '../engine/policyValidation';
import { applyChanges } from '../engine/policyWorkspace';
import { alreadyExists, notFound, objectNameErrors } from './designValidation';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

function error(code: string, fieldPath: string, message: string, object: string): Diagnostic {
  return { severity: 'error', code, fieldPath, message, object };
}

/**
 * The API server's findings on one policy as written. A name the server refuses is an error
 * here, although reading manifests only warns about it (V-19): a design applies what it writes.
 */
function policyFindings(policy: PolicyModel): Diagnostic[] {
  const object = `NetworkPolicy ${policy.namespace}/${policy.name}`;
  const findings = validatePolicy(policy).filter((diagnostic) => diagnostic.code !== 'V-19');
  const nameErrors = objectNameErrors(policy.name).map((message) => error('V-19', 'metadata.name', message, object));
  return [...nameErrors, ...findings];
}

/** Findings on the changes themselves, in order, as design:apply would meet them. */
function changeFindings(model: ClusterModel, changes: readonly PolicyChange[]): Diagnostic[] {
  const namespaces = new Set(model.namespaces.map((namespace) => namespace.name));
  const existing = new Set(model.policies.map((policy) => keyOf(policy.namespace, policy.name)));
  const diagnostics: Diagnostic[] = [];
  for (const change of changes) {
    if (change.type === 'create') {
      const { namespace, name } = change.policy;
      const object = `NetworkPolicy ${namespace}/${name}`;
      if (!namespaces.has(namespace)) diagnostics.push(error('not-found', 'metadata.namespace', notFound('Namespace', namespace), object));
      if (existing.has(keyOf(namespace, name))) diagnostics.push(error('already-exists', 'metadata.name', alreadyExists('NetworkPolicy', name), object));
      diagnostics.push(...policyFindings({ namespace, name, spec: change.policy.spec }));
      existing.add(keyOf(namespace, name));
      continue;
    }
    const object = `NetworkPolicy ${change.namespace}/${change.name}`;
    if (!existing.has(keyOf(change.namespace, change.name))) {
      diagnostics.push(error('not-found', 'metadata.name', notFound('NetworkPolicy', change.name), object));
      continue;
    }
    if (change.type === 'delete') existing.delete(keyOf(change.namespace, change.name));
    else diagnostics.push(...policyFindings({ namespace: change.namespace, name: change.name, spec: change.spec }));
  }
  return diagnostics;
}

/** What the changes would do to the design's model, whose analysis is `before`. */
export function checkPolicyChanges(model: ClusterModel, before: Analysis, changes: readonly PolicyChange[]): PolicyCheck {
  const diagnostics = changeFindings(model, changes);
  const refused = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (refused || changes.length === 0) return { diagnostics, refused, affectedPairs: [] };
  const after = analyzeModel(applyChanges(model, changes));
  return { diagnostics, refused, affectedPairs: diffConnectivity(before.connectivity(), after.connectivity()) };
}
