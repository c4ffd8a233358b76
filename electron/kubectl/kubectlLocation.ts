// Finds the user's kubectl. An app started from the macOS Dock or a Linux desktop menu does not
// get the PATH of the user's shell, so kubectl installed by Homebrew, Rancher Desktop, snap or
// into ~/.local/bin is missing from PATH; those places are searched after PATH. A path the user
// configured wins, and is checked rather than silently replaced by another kubectl. The search
// is pure over an injected `isExecutable`, environment and platform, so every platform's rules
// are tested on any machine.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export type KubectlLocation =
  | { status: 'found'; path: string; source: 'configured' | 'PATH' | 'known-location' }
  | { status: 'missing'; message: string; searched: string[] };

export interface KubectlSearch {
  /** The path the user set in the settings, if any (`~/` is the home folder). */
  configuredPath?: string;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** True when a regular file exists at the path and may be executed. */
  isExecutable: (path: string) => Promise<boolean>;
}

/** Where kubectl is installed when a desktop-launched app's PATH does not say so. */
function knownLocations(platform: NodeJS.Platform, env: KubectlSearch['env'], homeDir: string): string[] {
  if (platform === 'win32') {
    const programFiles = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
    return [
      win32.join(programFiles, 'Docker', 'Docker', 'resources', 'bin', 'kubectl.exe'),
      win32.join(homeDir, '.rd', 'bin', 'kubectl.exe'),
    ];
  }
  const folders = [
    '/usr/local/bin',
    '/opt/homebrew/bin',
    '/usr/bin',
    posix.join(homeDir, '.rd', 'bin'),
    posix.join(homeDir, '.local', 'bin'),
    '/snap/bin',
  ];
  if (platform === 'darwin') folders.push('/Applications/Docker.app/Contents/Resources/bin');
  return folders.map((folder) => posix.join(folder, 'kubectl'));
}

/**
 * The environment to run kubectl in: PATH extended by kubectl's own folder and the usual install
 * folders. kubectl runs credential plugins (`aws`, `gke-gcloud-auth-plugin`, `kubelogin`) and
 * `diff` from PATH, and a desktop-launched app's PATH lacks the folders they are installed in.
 * Existing entries keep their order and come first.
 */
export function kubectlEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  kubectlPath: string,
  platform: NodeJS.Platform = process.platform,
  homeDir: string = homedir(),
): Record<string, string | undefined> {
  const paths = platform === 'win32' ? win32 : posix;
  const separator = platform === 'win32' ? ';' : ':';
  const key = env.PATH === undefined && env.Path !== undefined ? 'Path' : 'PATH';
  const current = (env[key] ?? '').split(separator).filter((folder) => folder !== '');
  const extra = [paths.dirname(kubectlPath), ...knownLocations(platform, env, homeDir).map((path) => paths.dirname(path))];
  const folders = [...new Set([...current, ...extra])];
  return { ...env, [key]: folders.join(separator) };
}

/** kubectl in each absolute folder of PATH (Windows keeps the variable as `Path`). */
function pathCandidates(platform: NodeJS.Platform, env: KubectlSearch['env']): string[] {
  const windows = platform === 'win32';
  const paths = windows ? win32 : posix;
  const pathValue = env.PATH ?? env.Path ?? '';
  return pathValue
    .split(windows ? ';' : ':')
    .map((folder) => folder.trim().replace(/^"(.*)"$/, '$1'))
    // A relative entry (".", "") would make the answer depend on the app's working folder.
    .filter((folder) => folder !== '' && paths.isAbsolute(folder))
    .map((folder) => paths.join(folder, windows ? 'kubectl.exe' : 'kubectl'));
}

/** Every path tried, in order, without duplicates: PATH first, then the known places. */
export function kubectlCandidates(platform: NodeJS.Platform, env: KubectlSearch['env'], homeDir: string): string[] {
  return [...new Set([...pathCandidates(platform, env), ...knownLocations(platform, env, homeDir)])];
}

function expandHome(path: string, platform: NodeJS.Platform, homeDir: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/') || (platform === 'win32' && path.startsWith('~\\'))) {
    return (platform === 'win32' ? win32 : posix).join(homeDir, path.slice(2));
  }
  return path;
}

/** Where kubectl is, or where it was looked for. */
export async function findKubectl(search: KubectlSearch): Promise<KubectlLocation> {
  const configured = search.configuredPath?.trim();
  if (configured) {
    const path = expandHome(configured, search.platform, search.homeDir);
    if (await search.isExecutable(path)) return { status: 'found', path, source: 'configured' };
    return {
      status: 'missing',
      message: `The kubectl set in the settings (${path}) does not exist or is not an executable file. Correct the path, or clear it to search PATH.`,
      searched: [path],
    };
  }
  const fromPath = new Set(pathCandidates(search.platform, search.env));
  const candidates = kubectlCandidates(search.platform, search.env, search.homeDir);
  for (const path of candidates) {
    if (await search.isExecutable(path)) return { status: 'found', path, source: fromPath.has(path) ? 'PATH' : 'known-location' };
  }
  return {
    status: 'missing',
    message: `kubectl was not found. Looked in PATH and in the usual install places:\n${candidates.map((path) => `  ${path}`).join('\n')}\nInstall kubectl or set its path in the settings.`,
    searched: candidates,
  };
}

/** True for an executable regular file (on Windows: an existing file). */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** findKubectl on this machine. */
export function findInstalledKubectl(configuredPath?: string, env: NodeJS.ProcessEnv = process.env): Promise<KubectlLocation> {
  return findKubectl({ configuredPath, platform: process.platform, env, homeDir: homedir(), isExecutable: isExecutableFile });
}
