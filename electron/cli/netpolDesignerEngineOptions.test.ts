// The engine options on the command line: --no-ipblock-pod-ips (NP-40 off) and --no-end-port
// (NP-33 off) change exactly the verdicts they are about, in connectivity, diff and explain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_OK, runCli } from './netpolDesigner';

const folder = mkdtempSync(join(tmpdir(), 'netpol-cli-options-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const pod = (name: string, ip: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${name}}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: ${ip}}
`;
const manifests = [
  pod('client', '10.0.0.5'),
  pod('server', '10.0.0.6'),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/24}}]}]
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress: [{ports: [{protocol: TCP, port: 8000, endPort: 8080}]}]
`,
].join('---\n');
const path = join(folder, 'cluster.yaml');
writeFileSync(path, manifests);

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: () => Promise.resolve('') });
  return { code, stdout, stderr };
}

const clientToServer = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('default/client[Pod] => default/server[Pod]'));

describe('engine options on the command line', () => {
  it('by default an ipBlock reaches the pod inside it, and endPort is enforced', async () => {
    const result = await run(['connectivity', path]);
    expect(result.code).toBe(EXIT_OK);
    expect(clientToServer(result.stdout)).toBe('default/client[Pod] => default/server[Pod] : TCP 8000-8080');
  });
  it('--no-ipblock-pod-ips: the ipBlock no longer reaches the pod', async () => {
    const result = await run(['connectivity', path, '--no-ipblock-pod-ips']);
    expect(result.code).toBe(EXIT_OK);
    expect(clientToServer(result.stdout)).toBeUndefined();
  });
  it('--no-end-port: only the port itself is allowed', async () => {
    const result = await run(['connectivity', path, '--no-end-port']);
    expect(clientToServer(result.stdout)).toBe('default/client[Pod] => default/server[Pod] : TCP 8000');
  });
  it('diff and explain take them too', async () => {
    const diff = await run(['diff', path, path, '--no-end-port']);
    expect(diff.code).toBe(EXIT_OK);
    const explained = await run(['explain', path, '--src', 'default/client', '--dst', 'default/server', '--port', '8080', '--no-end-port']);
    expect(explained.code).toBe(EXIT_OK);
    expect(explained.stdout).toContain('DENIED');
    const byDefault = await run(['explain', path, '--src', 'default/client', '--dst', 'default/server', '--port', '8080']);
    expect(byDefault.stdout).toContain('ALLOWED');
  });
});
