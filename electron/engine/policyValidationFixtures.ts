// Policy builders and the API server's longer messages, shared by the policyValidation*.test.ts
// files. Test code: nothing in the engine imports it.
import type { Diagnostic, NetworkPolicySpec, PolicyModel } from '../common/model';
import { validatePolicy } from './policyValidation';

export function policy(spec: unknown, extra: Partial<PolicyModel> = {}): PolicyModel {
  return { namespace: 'x', name: 'p', spec: spec as NetworkPolicySpec, ...extra };
}

export function errorsOf(spec: unknown): string[] {
  return validatePolicy(policy(spec))
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => diagnostic.message);
}

export function warningsOf(spec: unknown, extra: Partial<PolicyModel> = {}): Diagnostic[] {
  return validatePolicy(policy(spec, extra)).filter((diagnostic) => diagnostic.severity === 'warning');
}

export const ingressFrom = (...peers: unknown[]): unknown => ({ ingress: [{ from: peers }] });
export const ingressPorts = (...ports: unknown[]): unknown => ({ ingress: [{ ports }] });
export const egressPorts = (...ports: unknown[]): unknown => ({ egress: [{ to: [{ podSelector: {} }], ports }], policyTypes: ['Egress'] });
export const selector = (podSelector: unknown): unknown => ({ podSelector });

export const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
export const LABEL_VALUE_INVALID =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const NAME_PART_INVALID =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
export const SUBDOMAIN_INVALID =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
