// NetworkPolicy objects into PolicyModels: the spec as written (unknown fields dropped, as the
// API server drops them), the position of every field, and one diagnostic per problem. A
// policy whose types are wrong stays out of the model, so the engine never sees wrong types.
import type { Diagnostic, PolicyModel, SourceLocation } from '../common/model';
import { formatLocation, objectLabel, objectMeta } from './objectMeta';
import { checkPolicyShape } from './policyShape';
import type { ManifestObject } from './readManifestFile';
import { fieldPositionsOf, nearestFieldPosition } from './sourcePositions';

export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';

/** Remembers which namespace/name pairs are taken, to refuse a second policy with one name. */
export class PolicyNames {
  private readonly seen = new Map<string, SourceLocation>();

  /** True for the first policy of a namespace/name; for a later one, reports and returns false. */
  claim(namespace: string, name: string, location: SourceLocation, diagnostics: Diagnostic[]): boolean {
    const key = `${namespace}/${name}`;
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, location);
      return true;
    }
    diagnostics.push({
      severity: 'error',
      code: 'duplicate-policy',
      message: `NetworkPolicy ${key} is defined twice: at ${formatLocation(first)} and at ${formatLocation(location)}`,
      location,
      object: objectLabel('NetworkPolicy', namespace, name),
    });
    return false;
  }
}

/** Reads one `kind: NetworkPolicy` object; undefined when it cannot be part of the model. */
export function readNetworkPolicy(object: ManifestObject, names: PolicyNames, diagnostics: Diagnostic[]): PolicyModel | undefined {
  const { name, namespace, metadata } = objectMeta(object);
  const label = objectLabel('NetworkPolicy', namespace, name);
  if (object.apiVersion !== NETWORK_POLICY_API_VERSION) {
    diagnostics.push({
      severity: 'warning',
      code: 'unsupported-api-version',
      message: `NetworkPolicy with apiVersion ${JSON.stringify(object.apiVersion ?? '')} is not supported (only ${NETWORK_POLICY_API_VERSION}); ignored`,
      location: object.location,
      object: label,
      fieldPath: 'apiVersion',
    });
    return undefined;
  }
  const fieldPositions = object.node ? fieldPositionsOf(object.node) : undefined;
  const locate = (fieldPath: string) => {
    const position = nearestFieldPosition(fieldPositions, fieldPath);
    return position ? { ...object.location, line: position.line, column: position.column } : object.location;
  };
  const writtenNamespace = metadata.namespace;
  if (writtenNamespace !== undefined && writtenNamespace !== null && typeof writtenNamespace !== 'string') {
    diagnostics.push({
      severity: 'error',
      code: 'V-20',
      message: `metadata.namespace: Invalid type: expected a string, got ${typeof writtenNamespace}; policy ignored`,
      location: locate('metadata.namespace'),
      object: label,
      fieldPath: 'metadata.namespace',
    });
    return undefined;
  }
  if (name === undefined) {
    const written = metadata.name;
    diagnostics.push({
      severity: 'error',
      code: written === undefined || written === null || written === '' ? 'missing-name' : 'V-20',
      message:
        written === undefined || written === null || written === ''
          ? 'metadata.name: Required value: name or generateName is required; policy ignored'
          : `metadata.name: Invalid type: expected a string, got ${typeof written}; policy ignored`,
      location: locate('metadata.name'),
      object: label,
      fieldPath: 'metadata.name',
    });
    return undefined;
  }
  const { spec, issues } = checkPolicyShape(object.value);
  for (const issue of issues) {
    diagnostics.push({
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      location: locate(issue.fieldPath),
      object: label,
      fieldPath: issue.fieldPath,
    });
  }
  const first = names.claim(namespace, name, object.location, diagnostics);
  if (spec === undefined || !first) return undefined;
  const policy: PolicyModel = { namespace, name, spec, source: object.location };
  if (fieldPositions) policy.fieldPositions = fieldPositions;
  return policy;
}
