// Review sessions: opened manifests, analysed once, turned into the snapshot the renderer draws,
// and kept so that explanations of pairs can be asked for later.
import { randomUUID } from 'node:crypto';
import type { ClusterModel, Diagnostic, PolicyModel } from '../common/model';
import type { ExplainRequest, ExplainResponse, ExportRequest, ExportResponse, ReviewExternal, ReviewFile, ReviewNamespace, ReviewPolicy, ReviewSnapshot, ReviewWorkload } from '../common/review';
import type { Analysis } from '../engine/analysis';
import { analyzeModel, findEndpoint } from '../engine/analysis';
import { parseIP } from '../engine/cidr';
import type { ConnectivityMatrix } from '../engine/connectivity';
import { workloadId } from '../engine/connectivity';
import type { Endpoint } from '../engine/evaluate';
import { explainPair } from '../engine/explain';
import { explanationToText } from '../engine/explanationText';
import { isEmptySelector } from '../engine/labelSelector';
import type { LoadResult } from '../manifests';
import { exportPolicies } from '../manifests/exportPolicies';

/** How many opened reviews stay available for explanations (the newest ones). */
const KEPT_SESSIONS = 8;

interface Session {
  analysis: Analysis;
  model: ClusterModel;
  /** What was opened, as the window titles it (absent for designs). */
  title?: string;
}

function namespacesOf(analysis: Analysis): ReviewNamespace[] {
  const compiled = analysis.compiled;
  return [...compiled.namespaces.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((namespace) => {
      const denies = (direction: 'Ingress' | 'Egress') =>
        compiled.policies.some(
          (policy) =>
            policy.namespace === namespace.name &&
            isEmptySelector(policy.model.spec.podSelector) &&
            (direction === 'Ingress' ? policy.affectsIngress && policy.ingressRules.length === 0 : policy.affectsEgress && policy.egressRules.length === 0),
        );
      return { name: namespace.name, labels: namespace.labels, defaultDeny: { ingress: denies('Ingress'), egress: denies('Egress') } };
    });
}

function workloadsOf(analysis: Analysis, matrix: ConnectivityMatrix): ReviewWorkload[] {
  const compiled = analysis.compiled;
  const selecting: { ingress: string[]; egress: string[] }[] = compiled.workloads.map(() => ({ ingress: [], egress: [] }));
  for (const policy of compiled.policies) {
    for (const index of matrix.state.matches.policySubjects[policy.index] ?? []) {
      const entry = selecting[index] as { ingress: string[]; egress: string[] };
      if (policy.affectsIngress) entry.ingress.push(policy.key);
      if (policy.affectsEgress) entry.egress.push(policy.key);
    }
  }
  return compiled.workloads.map((workload, index) => {
    const policies = selecting[index] as { ingress: string[]; egress: string[] };
    return {
      id: workloadId(workload),
      namespace: workload.namespace,
      name: workload.name,
      kind: workload.kind,
      labels: workload.labels,
      ports: workload.ports,
      isolation: { ingress: policies.ingress.length > 0, egress: policies.egress.length > 0 },
      policies,
    };
  });
}

function externalsOf(matrix: ConnectivityMatrix): ReviewExternal[] {
  const byId = new Map<string, ReviewExternal>();
  const add = (role: 'source' | 'destination') => (endpoint: ConnectivityMatrix['sources'][number]) => {
    if (endpoint.kind !== 'external') return;
    const known = byId.get(endpoint.id);
    if (known) known.roles.push(role);
    else byId.set(endpoint.id, { id: endpoint.id, firstIP: endpoint.firstIP ?? '', lastIP: endpoint.lastIP ?? '', roles: [role] });
  };
  matrix.sources.forEach(add('source'));
  matrix.destinations.forEach(add('destination'));
  return [...byId.values()];
}

function policiesOf(model: ClusterModel, diagnostics: Diagnostic[]): ReviewPolicy[] {
  const rejected = new Set(diagnostics.filter((d) => d.severity === 'error' && d.object?.startsWith('NetworkPolicy ')).map((d) => d.object));
  return model.policies.map((policy) => {
    const key = `${policy.namespace}/${policy.name}`;
    const lines = policy.source ? [policy.source.line, ...Object.values(policy.fieldPositions ?? {}).map((position) => position.line)] : [];
    return {
      key,
      namespace: policy.namespace,
      name: policy.name,
      ...(policy.source ? { file: policy.source.file, lines: { first: Math.min(...lines), last: Math.max(...lines) } } : {}),
      rejected: rejected.has(`NetworkPolicy ${key}`),
    };
  });
}

/** Finds an endpoint by workload id or name, IP address, or external range id (`a-b[External]`). */
function endpointFor(analysis: Analysis, text: string): Endpoint {
  const range = /^(.+)-(.+)\[External\]$/.exec(text.trim());
  if (range) {
    const first = parseIP(range[1] as string);
    const last = parseIP(range[2] as string);
    if (first && last && first.family === last.family) return { kind: 'address', range: { family: first.family, first: first.value, last: last.value } };
  }
  const found = findEndpoint(analysis.compiled, text);
  if ('error' in found) throw new Error(found.error);
  return found.endpoint;
}

/**
 * The snapshot the renderer draws for an analysed model: namespaces with their default deny,
 * workloads with their isolation, external ranges, connections, policies and diagnostics.
 * `loadDiagnostics` (from reading the input) come before the analysis's own.
 */
export function snapshotOf(analysis: Analysis, model: ClusterModel, files: ReviewFile[], title: string, sessionId: string, loadDiagnostics: readonly Diagnostic[] = []): ReviewSnapshot {
  const matrix = analysis.connectivity();
  const diagnostics = [...loadDiagnostics, ...analysis.diagnostics];
  return {
    sessionId,
    title,
    namespaces: namespacesOf(analysis),
    workloads: workloadsOf(analysis, matrix),
    externals: externalsOf(matrix),
    connections: matrix.rows().map((row) => ({ source: row.source, destination: row.destination, connection: row.connection, set: row.set })),
    policies: policiesOf(model, diagnostics),
    files,
    diagnostics,
  };
}

export class ReviewSessions {
  private readonly sessions = new Map<string, Session>();

  /** Analyses loaded manifests and returns the snapshot to draw. */
  open(loaded: LoadResult, files: ReviewFile[], title: string): ReviewSnapshot {
    const analysis = analyzeModel(loaded.model);
    const sessionId = randomUUID();
    this.keep(sessionId, loaded.model, analysis, title);
    return snapshotOf(analysis, loaded.model, files, title, sessionId, loaded.diagnostics);
  }

  /**
   * Keeps (or replaces) the analysis behind `sessionId` for explain and export, as the newest
   * session. Designs keep theirs here under their design id, replaced after every edit.
   */
  keep(sessionId: string, model: ClusterModel, analysis: Analysis, title?: string): void {
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, title === undefined ? { analysis, model } : { analysis, model, title });
    while (this.sessions.size > KEPT_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** The valid policies of a review as manifests (invalid ones could not exist in a cluster). */
  export(request: ExportRequest): ExportResponse {
    const session = this.sessions.get(request.sessionId);
    if (!session) throw new Error('This review is no longer open; open the files again.');
    const valid = new Set(session.analysis.compiled.policies.map((policy) => policy.model));
    const leftOut = session.model.policies.filter((policy) => !valid.has(policy)).map((policy) => `${policy.namespace}/${policy.name}`);
    const files = exportPolicies(session.model.policies.filter((policy) => valid.has(policy)), { split: request.split ?? false });
    return { files: files.map((file) => ({ path: file.path, text: file.text })), leftOut };
  }

  /** What a review holds, to start a design from it (its model as read, and its title). */
  contentOf(sessionId: string): { model: ClusterModel; title: string } {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error('This review is no longer open; open the files again.');
    return { model: session.model, title: session.title ?? 'Review' };
  }

  /**
   * The valid policies of a review (or a design) named by `ns/name` keys, for a push. A key that
   * names no policy, or an invalid one (the API server would refuse it), is an error.
   */
  validPolicies(sessionId: string, keys: readonly string[]): PolicyModel[] {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error('This review is no longer open; open the files again.');
    const valid = new Map(session.analysis.compiled.policies.map((policy) => [`${policy.model.namespace}/${policy.model.name}`, policy.model]));
    const known = new Set(session.model.policies.map((policy) => `${policy.namespace}/${policy.name}`));
    return keys.map((key) => {
      const policy = valid.get(key);
      if (policy) return policy;
      throw new Error(known.has(key) ? `The policy ${key} would be refused by the API server (see Diagnostics); it cannot be pushed.` : `There is no policy ${key} here.`);
    });
  }

  explain(request: ExplainRequest): ExplainResponse {
    const session = this.sessions.get(request.sessionId);
    if (!session) throw new Error('This review is no longer open; open the files again.');
    const source = endpointFor(session.analysis, request.source);
    const destination = endpointFor(session.analysis, request.destination);
    const query = request.port !== undefined ? { protocol: request.protocol ?? 'TCP', port: request.port } : undefined;
    if (query && (!Number.isInteger(query.port) || query.port < 1 || query.port > 65535)) throw new Error(`port must be a number from 1 to 65535, not ${request.port}`);
    const explanation = explainPair(session.analysis.compiled, source, destination, query);
    return { explanation, text: explanationToText(explanation) };
  }
}
