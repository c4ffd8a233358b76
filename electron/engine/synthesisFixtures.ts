// Models for the synthesis tests, as plain ClusterModel literals, and a way to ask the engine
// what a model allows. The lab is the seed's CKAD lab (conformance/seed/lab-part2-default-deny),
// with Deployments declaring port 80.
import type { ClusterModel, ContainerPortModel, NetworkPolicySpec, PolicyModel, Protocol, WorkloadModel } from '../common/model';
import { analyzeModel, findEndpoint } from './analysis';
import { evaluatePair } from './evaluate';

export function workload(namespace: string, name: string, labels: Record<string, string>, ports: ContainerPortModel[] = [], podIPs: string[] = []): WorkloadModel {
  return { namespace, name, kind: 'Deployment', labels, ports, podIPs };
}

export const http = (containerPort: number, name = 'http', protocol: Protocol = 'TCP'): ContainerPortModel => ({ name, containerPort, protocol });

export function policy(namespace: string, name: string, spec: NetworkPolicySpec): PolicyModel {
  return { namespace, name, spec };
}

export const DEFAULT_DENY_INGRESS: NetworkPolicySpec = { podSelector: {}, policyTypes: ['Ingress'] };

export function labModel(policies: PolicyModel[] = [policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS)]): ClusterModel {
  return {
    namespaces: [{ name: 'netpol-demo', labels: { 'kubernetes.io/metadata.name': 'netpol-demo' } }],
    workloads: ['frontend', 'backend', 'database'].map((tier) => workload('netpol-demo', tier, { tier }, [http(80)])),
    policies,
  };
}

export const FRONTEND = { kind: 'workload', id: 'netpol-demo/frontend[Deployment]' } as const;
export const BACKEND = { kind: 'workload', id: 'netpol-demo/backend[Deployment]' } as const;
export const DATABASE = { kind: 'workload', id: 'netpol-demo/database[Deployment]' } as const;

/** Whether `from` reaches `to` (workload ids or IP addresses) on protocol/port in the model. */
export function reaches(model: ClusterModel, from: string, to: string, protocol: Protocol = 'TCP', port = 80): boolean {
  const { compiled } = analyzeModel(model);
  const source = findEndpoint(compiled, from);
  const destination = findEndpoint(compiled, to);
  if ('error' in source) throw new Error(source.error);
  if ('error' in destination) throw new Error(destination.error);
  return evaluatePair(compiled, source.endpoint, destination.endpoint).contains(protocol, port);
}

/** The workload-to-workload connectivity list of the model, as `source => destination: connection` lines. */
export function connectivityLines(model: ClusterModel): string[] {
  return analyzeModel(model)
    .connectivity()
    .rows()
    .filter((row) => !row.source.endsWith('[External]') && !row.destination.endsWith('[External]'))
    .map((row) => `${row.source} => ${row.destination}: ${row.connection}`);
}
