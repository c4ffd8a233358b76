// An in-process Kubernetes API server for tests, so the real kubectl binary can be exercised
// against a cluster whose contents, permissions and failures the test controls. It never ships in
// the app (CONVENTIONS 10: test doubles live with the tests).
//
// It serves https with a throwaway self-signed certificate because kubectl sends a kubeconfig
// user's bearer token only to https servers; without tokens the admin and viewer contexts and the
// 401 path could not exist. See kubeApiRoutes.ts for the endpoints.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { authenticate, handleKubeApiRequest, identifyRequestTarget, sendJson, verbOf } from './kubeApiRoutes';
import { forbidden, injectedStatus } from './kubernetesStatus';
import { ObjectStore } from './objectStore';
import { createSelfSignedCertificate } from './selfSignedCertificate';

export interface InjectedFailure {
  method?: string; // e.g. 'GET', 'PATCH'; any when absent
  path: RegExp; // matched against the URL path (no query)
  status?: number; // answered with a Kubernetes Status of this code
  message?: string; // the Status message
  delayMs?: number; // answer only after this delay (to test kubectl --request-timeout)
  times?: number; // how many requests it applies to (default: all)
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  contentType?: string;
  body?: string;
}

export interface TestCluster {
  url: string; // https://127.0.0.1:PORT
  kubeconfigPath: string; // contexts 'test-admin' (current) and 'test-viewer', users with tokens 'admin-token' and 'viewer-token'
  homeDir: string; // HOME for kubectl, so its discovery and OpenAPI caches never touch the real ~/.kube
  env(): NodeJS.ProcessEnv;
  seed(objects: unknown[]): void;
  objects(kind?: string): unknown[];
  fail(failure: InjectedFailure): void;
  clearFailures(): void;
  requests: RecordedRequest[]; // every request in arrival order, including a version-dispatching kubectl's unauthenticated GET /version
  close(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The bearer tokens the server accepts and the user names RBAC messages show for them. */
export const testUsers = { 'admin-token': 'admin', 'viewer-token': 'viewer' } as const;

interface ActiveFailure {
  failure: InjectedFailure;
  remaining: number;
}

export async function startTestCluster(options: { objects?: unknown[] } = {}): Promise<TestCluster> {
  const store = new ObjectStore();
  store.seed(options.objects ?? []);
  const failures: ActiveFailure[] = [];
  const requests: RecordedRequest[] = [];
  const pendingDelays = new Set<NodeJS.Timeout>();
  const certificate = createSelfSignedCertificate();

  const takeFailure = (method: string, path: string): InjectedFailure | undefined => {
    const active = failures.find((entry) => {
      entry.failure.path.lastIndex = 0; // a /g or /y pattern would otherwise match only every other request
      return entry.remaining > 0 && (entry.failure.method === undefined || entry.failure.method.toUpperCase() === method) && entry.failure.path.test(path);
    });
    if (!active) return undefined;
    active.remaining -= 1;
    return active.failure;
  };

  const delay = (milliseconds: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, milliseconds);
      pendingDelays.add(timer);
    });

  const respond = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const contentType = request.headers['content-type'];
    requests.push({ method, path: url.pathname, query: url.search.replace(/^\?/, ''), ...(contentType ? { contentType } : {}), ...(body ? { body } : {}) });

    const failure = takeFailure(method, url.pathname);
    if (failure?.delayMs) await delay(failure.delayMs);
    if (response.destroyed || request.socket.destroyed) return; // the client gave up while we were delaying (kubectl --request-timeout)
    if (failure?.status) {
      const target = identifyRequestTarget(url.pathname);
      const failureStatus =
        failure.status === 403 && failure.message === undefined && target
          ? forbidden({ ...target, user: authenticate(request.headers.authorization, testUsers) ?? 'system:anonymous', verb: verbOf(method, target) })
          : injectedStatus(failure.status, failure.message, target?.type, target?.name);
      sendJson(response, failure.status, failureStatus);
      return;
    }
    handleKubeApiRequest({ method, url, headers: request.headers, body, store, users: testUsers }, response);
  };

  const server = createServer({ key: certificate.privateKeyPem, cert: certificate.certificatePem }, (request, response) => {
    respond(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) sendJson(response, 500, injectedStatus(500, `Internal error occurred: ${String(error)}`, undefined, undefined));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const workDir = mkdtempSync(join(tmpdir(), 'netpol-test-cluster-'));
  const homeDir = join(workDir, 'home');
  const kubeconfigPath = join(workDir, 'kubeconfig.yaml');
  writeFileSync(kubeconfigPath, kubeconfigYaml(url, certificate.certificatePem));
  mkdirSync(homeDir);

  return {
    url,
    kubeconfigPath,
    homeDir,
    env: () => kubectlEnvironment(kubeconfigPath, homeDir),
    seed: (objects) => store.seed(objects),
    objects: (kind) => store.objects(kind),
    fail: (failure) => {
      failures.push({ failure, remaining: failure.times ?? Number.POSITIVE_INFINITY });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    requests,
    close: async () => {
      for (const timer of pendingDelays) clearTimeout(timer);
      pendingDelays.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Variables of the developer's shell that would change what kubectl prints or which config it reads. */
const inheritedKubectlSettings = ['KUBECTL_EXTERNAL_DIFF', 'KUBERC', 'KUBECTL_KUBERC', 'KUBECTL_EXPLAIN_OPENAPIV3'];

function kubectlEnvironment(kubeconfigPath: string, homeDir: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfigPath, HOME: homeDir, KUBECACHEDIR: join(homeDir, '.kube', 'cache') };
  for (const name of inheritedKubectlSettings) delete environment[name];
  return environment;
}

/** A local port nobody listens on (bound, then released), for `--server https://127.0.0.1:PORT` to test a refused connection. */
export function unusedLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function kubeconfigYaml(server: string, certificatePem: string): string {
  const cluster = 'netpol-test-cluster';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': Buffer.from(certificatePem).toString('base64') } }],
    users: [
      { name: 'test-admin', user: { token: 'admin-token' } },
      { name: 'test-viewer', user: { token: 'viewer-token' } },
    ],
    contexts: [
      { name: 'test-admin', context: { cluster, user: 'test-admin' } },
      { name: 'test-viewer', context: { cluster, user: 'test-viewer' } },
    ],
    'current-context': 'test-admin',
    preferences: {},
  });
}

/** Runs the real kubectl with the cluster's kubeconfig and HOME; arguments go as an array, never through a shell. */
export function runKubectl(cluster: Pick<TestCluster, 'env'>, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env: cluster.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.on('error', () => undefined); // kubectl may exit before reading stdin (e.g. on a usage error)
    child.stdin.end(input ?? '');
  });
}
