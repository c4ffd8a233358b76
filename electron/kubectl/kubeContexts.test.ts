// Reading contexts: the parser over kubectl's JSON, and the real kubectl merging a KUBECONFIG
// list (no server is needed for `config view`; skipped, with the reason printed, without kubectl).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listKubeContexts, parseKubeconfigView } from './kubeContexts';
import { findInstalledKubectl } from './kubectlLocation';
import type { KubectlRequest } from './kubectlProcess';
import { bindKubectl } from './kubectlProcess';

describe('parseKubeconfigView', () => {
  it('reads names, clusters, users, namespaces and the current context', () => {
    const view = JSON.stringify({
      kind: 'Config',
      contexts: [
        { name: 'alpha', context: { cluster: 'c2', user: 'u2' } },
        { name: 'zeta', context: { cluster: 'c1', user: 'u1', namespace: 'prod' } },
      ],
      'current-context': 'zeta',
    });
    expect(parseKubeconfigView(view)).toEqual({
      contexts: [
        { name: 'alpha', cluster: 'c2', user: 'u2' },
        { name: 'zeta', cluster: 'c1', user: 'u1', namespace: 'prod' },
      ],
      currentContext: 'zeta',
    });
  });

  it.each([
    ['no output', ''],
    ['kubectl’s empty config', '{"kind":"Config","apiVersion":"v1","preferences":{},"clusters":null,"users":null,"contexts":null,"current-context":""}'],
    ['not an object', '[]'],
  ])('reads %s as no contexts', (_name, json) => {
    expect(parseKubeconfigView(json)).toEqual({ contexts: [] });
  });

  it('drops a current context that no context defines, and nameless entries', () => {
    const view = JSON.stringify({ contexts: [{ context: { cluster: 'x' } }, { name: 'a' }], 'current-context': 'gone' });
    expect(parseKubeconfigView(view)).toEqual({ contexts: [{ name: 'a', cluster: '', user: '' }] });
  });
});

describe('listKubeContexts', () => {
  it('asks kubectl for the merged view, passing signal and timeout', async () => {
    const requests: KubectlRequest[] = [];
    const signal = new AbortController().signal;
    const result = await listKubeContexts(
      async (request) => {
        requests.push(request);
        return { exitCode: 0, stdout: '{"contexts":[{"name":"a","context":{"cluster":"c","user":"u"}}],"current-context":"a"}', stderr: '' };
      },
      { signal, timeoutMs: 1234 },
    );
    expect(result).toEqual({ contexts: [{ name: 'a', cluster: 'c', user: 'u' }], currentContext: 'a' });
    expect(requests).toEqual([{ args: ['config', 'view', '-o', 'json'], action: 'reading the kubeconfig contexts', signal, timeoutMs: 1234 }]);
  });
});

const installed = await findInstalledKubectl();
if (installed.status === 'missing') console.warn(`kubeContexts.test.ts: real-kubectl cases skipped: ${installed.message}`);

describe.runIf(installed.status === 'found')('listKubeContexts with the real kubectl', () => {
  async function withHome(run: (home: string) => Promise<void>) {
    const home = await mkdtemp(join(tmpdir(), 'netpol-kube-contexts-'));
    try {
      await run(home);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
  const kubectlPath = installed.status === 'found' ? installed.path : '';

  it('merges a KUBECONFIG list (the first file’s current context wins) and hides credentials', async () => {
    await withHome(async (home) => {
      await writeFile(join(home, 'a'), 'apiVersion: v1\nkind: Config\nclusters: [{name: c1, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u1, user: {token: secret}}]\ncontexts: [{name: zeta, context: {cluster: c1, user: u1, namespace: prod}}]\ncurrent-context: zeta\n');
      await writeFile(join(home, 'b'), 'apiVersion: v1\nkind: Config\ncontexts: [{name: alpha, context: {cluster: c2, user: u2}}]\ncurrent-context: alpha\n');
      const kubectl = bindKubectl({ kubectlPath, env: { ...process.env, HOME: home, KUBECONFIG: [join(home, 'a'), join(home, 'b')].join(delimiter) } });
      expect(await listKubeContexts(kubectl)).toEqual({
        contexts: [
          { name: 'alpha', cluster: 'c2', user: 'u2' },
          { name: 'zeta', cluster: 'c1', user: 'u1', namespace: 'prod' },
        ],
        currentContext: 'zeta',
      });
    });
  });

  it('reads a missing or empty kubeconfig as no contexts', async () => {
    await withHome(async (home) => {
      await writeFile(join(home, 'empty'), '');
      for (const kubeconfig of [join(home, 'missing'), join(home, 'empty')]) {
        const kubectl = bindKubectl({ kubectlPath, env: { ...process.env, HOME: home, KUBECONFIG: kubeconfig } });
        expect(await listKubeContexts(kubectl)).toEqual({ contexts: [] });
      }
    });
  });

  it('reports a broken kubeconfig in kubectl’s words', async () => {
    await withHome(async (home) => {
      await writeFile(join(home, 'bad'), 'garbage: [\n');
      const kubectl = bindKubectl({ kubectlPath, env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'bad') } });
      await expect(listKubeContexts(kubectl)).rejects.toMatchObject({
        kind: 'exit',
        message: expect.stringMatching(/^reading the kubeconfig contexts: error: error loading config file ".*bad": yaml: /),
      });
    });
  });
});
