// The kubectl search on every platform, over a pretend file system, plus one check of the real
// executable test on this machine.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubectlSearch } from './kubectlLocation';
import { findKubectl, isExecutableFile, kubectlCandidates, kubectlEnvironment } from './kubectlLocation';

function search(executables: string[], overrides: Partial<KubectlSearch> = {}): KubectlSearch {
  const present = new Set(executables);
  return {
    platform: 'linux',
    env: { PATH: '/usr/bin:/bin' },
    homeDir: '/home/ada',
    isExecutable: async (path) => present.has(path),
    ...overrides,
  };
}

describe('findKubectl', () => {
  it('finds kubectl on PATH', async () => {
    await expect(findKubectl(search(['/bin/kubectl']))).resolves.toEqual({ status: 'found', path: '/bin/kubectl', source: 'PATH' });
  });

  it('takes the first PATH folder that has it', async () => {
    const result = await findKubectl(search(['/usr/bin/kubectl', '/bin/kubectl']));
    expect(result).toMatchObject({ path: '/usr/bin/kubectl', source: 'PATH' });
  });

  it.each([
    ['/usr/local/bin/kubectl'],
    ['/opt/homebrew/bin/kubectl'],
    ['/home/ada/.rd/bin/kubectl'],
    ['/home/ada/.local/bin/kubectl'],
    ['/snap/bin/kubectl'],
  ])('finds %s, which a desktop-launched app misses on PATH', async (path) => {
    const result = await findKubectl(search([path], { platform: 'darwin', env: { PATH: '/usr/bin:/bin' } }));
    expect(result).toEqual({ status: 'found', path, source: 'known-location' });
  });

  it('finds Docker Desktop’s kubectl on macOS only', async () => {
    const path = '/Applications/Docker.app/Contents/Resources/bin/kubectl';
    expect(await findKubectl(search([path], { platform: 'darwin' }))).toMatchObject({ status: 'found', path });
    expect(await findKubectl(search([path], { platform: 'linux' }))).toMatchObject({ status: 'missing' });
  });

  it('ignores relative PATH entries', () => {
    expect(kubectlCandidates('linux', { PATH: '.:bin::/opt/k8s' }, '/home/ada')[0]).toBe('/opt/k8s/kubectl');
  });

  it('looks for kubectl.exe on Windows, in Path too', async () => {
    const env = { Path: 'C:\\Windows\\system32;"C:\\Program Files\\Kubernetes";', ProgramFiles: 'C:\\Program Files' };
    const result = await findKubectl(search(['C:\\Program Files\\Kubernetes\\kubectl.exe'], { platform: 'win32', env, homeDir: 'C:\\Users\\ada' }));
    expect(result).toEqual({ status: 'found', path: 'C:\\Program Files\\Kubernetes\\kubectl.exe', source: 'PATH' });
    expect(kubectlCandidates('win32', env, 'C:\\Users\\ada')).toEqual([
      'C:\\Windows\\system32\\kubectl.exe',
      'C:\\Program Files\\Kubernetes\\kubectl.exe',
      'C:\\Program Files\\Docker\\Docker\\resources\\bin\\kubectl.exe',
      'C:\\Users\\ada\\.rd\\bin\\kubectl.exe',
    ]);
  });

  it('lets a configured path win over PATH', async () => {
    const result = await findKubectl(search(['/usr/bin/kubectl', '/opt/k/kubectl-1.30'], { configuredPath: '/opt/k/kubectl-1.30' }));
    expect(result).toEqual({ status: 'found', path: '/opt/k/kubectl-1.30', source: 'configured' });
  });

  it('expands ~ in a configured path', async () => {
    const result = await findKubectl(search(['/home/ada/bin/kubectl'], { configuredPath: '~/bin/kubectl' }));
    expect(result).toMatchObject({ status: 'found', path: '/home/ada/bin/kubectl' });
  });

  it('does not replace a broken configured path by another kubectl', async () => {
    const result = await findKubectl(search(['/usr/bin/kubectl'], { configuredPath: '/opt/gone/kubectl' }));
    expect(result).toEqual({
      status: 'missing',
      message: 'The kubectl set in the settings (/opt/gone/kubectl) does not exist or is not an executable file. Correct the path, or clear it to search PATH.',
      searched: ['/opt/gone/kubectl'],
    });
  });

  it('says where it looked when kubectl is nowhere', async () => {
    const result = await findKubectl(search([]));
    expect(result.status).toBe('missing');
    if (result.status !== 'missing') return;
    expect(result.searched).toEqual([
      '/usr/bin/kubectl',
      '/bin/kubectl',
      '/usr/local/bin/kubectl',
      '/opt/homebrew/bin/kubectl',
      '/home/ada/.rd/bin/kubectl',
      '/home/ada/.local/bin/kubectl',
      '/snap/bin/kubectl',
    ]);
    expect(result.message).toContain('kubectl was not found. Looked in PATH and in the usual install places:\n  /usr/bin/kubectl\n');
    expect(result.message).toContain('Install kubectl or set its path in the settings.');
  });
});

describe('kubectlEnvironment', () => {
  it('adds kubectl’s folder and the install folders after PATH, for credential plugins and diff', () => {
    const env = kubectlEnvironment({ PATH: '/usr/bin:/bin', KUBECONFIG: '/k' }, '/opt/homebrew/bin/kubectl', 'darwin', '/Users/ada');
    expect(env).toEqual({
      KUBECONFIG: '/k',
      PATH: '/usr/bin:/bin:/opt/homebrew/bin:/usr/local/bin:/Users/ada/.rd/bin:/Users/ada/.local/bin:/snap/bin:/Applications/Docker.app/Contents/Resources/bin',
    });
  });

  it('keeps Windows’ Path variable and separator', () => {
    const env = kubectlEnvironment({ Path: 'C:\\Windows' }, 'C:\\tools\\kubectl.exe', 'win32', 'C:\\Users\\ada');
    expect(env.PATH).toBeUndefined();
    expect(env.Path).toBe('C:\\Windows;C:\\tools;C:\\Program Files\\Docker\\Docker\\resources\\bin;C:\\Users\\ada\\.rd\\bin');
  });
});

describe.runIf(process.platform !== 'win32')('isExecutableFile', () => {
  it('accepts an executable file and refuses a plain file, a folder and nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'netpol-kubectl-location-'));
    try {
      await writeFile(join(folder, 'kubectl'), '#!/bin/sh\n');
      await chmod(join(folder, 'kubectl'), 0o755);
      await writeFile(join(folder, 'plain'), 'x');
      await chmod(join(folder, 'plain'), 0o644);
      expect(await isExecutableFile(join(folder, 'kubectl'))).toBe(true);
      // root may execute any file with an x bit only; a 0644 file has none.
      expect(await isExecutableFile(join(folder, 'plain'))).toBe(false);
      expect(await isExecutableFile(folder)).toBe(false);
      expect(await isExecutableFile(join(folder, 'none'))).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
