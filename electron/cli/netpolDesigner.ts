// The `netpol-designer` command line: the same manifest loader and engine as the app, for CI.
// Exit codes: 0 success, 2 invalid input or bad usage (problems on stderr, one per line, naming
// file, line, object and reason), 1 a file could not be written, 3 a cluster could not be read.
import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClusterModel, Diagnostic, EngineOptions, Protocol } from '../common/model';
import type { Analysis } from '../engine/analysis';
import { analyzeModel, findEndpoint } from '../engine/analysis';
import type { ConnectivityMatrix } from '../engine/connectivity';
import { diffConnectivity } from '../engine/connectivityDiff';
import type { DiffFormat, ListFormat } from '../engine/connectivityFormats';
import { DIFF_FORMATS, formatConnectivity, formatDiff, LIST_FORMATS } from '../engine/connectivityFormats';
import { explainPair } from '../engine/explain';
import { explanationToText } from '../engine/explanationText';
import { loadManifestPaths } from '../files/loadManifestPaths';
import { bindKubectl, detectClusterNetworkPlugin, findInstalledKubectl, importCluster, kubectlEnvironment, listKubeContexts } from '../kubectl';
import { loadManifestTexts } from '../manifests';
import { writeFileSafely } from '../files/safeWrite';
import { EXPORT_STREAM_FILE, exportPathProblem, exportPolicies } from '../manifests/exportPolicies';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads standard input when a path is `-`. */
  readStdin: () => Promise<string>;
  /** The environment kubectl runs in for --cluster (KUBECONFIG, HOME, PATH); this process's by default. */
  env?: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 2;
export const EXIT_WRITE_FAILED = 1;
export const EXIT_CLUSTER_UNREADABLE = 3;

class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `netpol-designer — Kubernetes NetworkPolicy connectivity for CI

Usage:
  netpol-designer connectivity <paths...> [--format txt|json|csv|md|dot]
  netpol-designer connectivity --cluster [--context NAME] [--namespace NS...] [--format …]
  netpol-designer diff <pathA> <pathB> [--format txt|csv|md]
  netpol-designer explain <paths...> --src <ns/name|IP> --dst <ns/name|IP> [--port N] [--protocol TCP|UDP|SCTP]
  netpol-designer export <paths...> --out <file|folder> [--split]

Paths are files or folders (read recursively: .yaml, .yml, .json); '-' reads standard input.
connectivity, diff and explain take the engine options --no-ipblock-pod-ips and --no-end-port.
Run 'netpol-designer <command> --help' for a command's options.
Exit status: 0 success; 2 invalid input or bad usage (problems on stderr); 1 a file could not
be written; 3 the cluster could not be read (kubectl's message on stderr).
`,
  connectivity: `Usage: netpol-designer connectivity <paths...> [--format txt|json|csv|md|dot]
       netpol-designer connectivity --cluster [--context NAME] [--namespace NS...] [--format …]

Lists every ordered pair of endpoints (workloads and external address ranges) whose allowed
connection set is not empty, one line each: "SRC => DST : CONNECTIONS". The txt format is
line-for-line that of np-guard/netpol-analyzer's list command.

With --cluster, the input is a live cluster read with your kubectl and kubeconfig (KUBECONFIG
is honoured): namespaces, pods, workload controllers and NetworkPolicies, read-only. What
cannot be read (forbidden namespaces or kinds) is named on stderr and the rest is analysed; a
network plugin that ignores NetworkPolicies is warned about.

Options:
  -o, --format <f>      txt (default), json, csv, md or dot
  --cluster             read a live cluster instead of paths
  --context <name>      the kubeconfig context (default: its current context)
  -n, --namespace <ns>  only this namespace (repeat for more; default: all)
  --kubectl <path>      the kubectl to run (default: found on PATH and the usual places)
  -h, --help            this help

Engine options (behaviour Kubernetes leaves to the network plugin):
  --no-ipblock-pod-ips  an ipBlock never matches a pod's own IP (default: it does, as upstream e2e expects)
  --no-end-port         endPort is not enforced, only port (for plugins without endPort support)
`,
  diff: `Usage: netpol-designer diff <pathA> <pathB> [--format txt|csv|md]

Compares the connectivity of two configurations (ref1 = pathA, ref2 = pathB) and lists every
pair whose allowed connections differ: changed, added or removed, in netpol-analyzer's format.

Options:
  -o, --format <f>   txt (default), csv or md
  -h, --help         this help

Engine options (behaviour Kubernetes leaves to the network plugin):
  --no-ipblock-pod-ips  an ipBlock never matches a pod's own IP (default: it does, as upstream e2e expects)
  --no-end-port         endPort is not enforced, only port (for plugins without endPort support)
`,
  explain: `Usage: netpol-designer explain <paths...> --src <endpoint> --dst <endpoint> [--port N] [--protocol P]

Says whether SRC may open connections to DST and why: which NetworkPolicy and rule (numbered
from 1) allow each part, or which policies isolate an endpoint without allowing it.
An endpoint is namespace/name, namespace/name[Kind], or an IP address outside the cluster.

Options:
  --src <endpoint>     the source (required)
  --dst <endpoint>     the destination (required)
  --port <N>           one destination port to ask about (1-65535)
  --protocol <P>       TCP (default when --port is given), UDP or SCTP
  -h, --help           this help

Engine options (behaviour Kubernetes leaves to the network plugin):
  --no-ipblock-pod-ips  an ipBlock never matches a pod's own IP (default: it does, as upstream e2e expects)
  --no-end-port         endPort is not enforced, only port (for plugins without endPort support)
`,
  export: `Usage: netpol-designer export <paths...> --out <file|folder> [--split]

Writes the NetworkPolicies of the input as manifests for kubectl apply: complete
networking.k8s.io/v1 objects with an explicit namespace and the spec as written (no defaults
added), sorted by namespace, then name. The input is checked as connectivity checks it; when
it has problems, nothing is written. Each file is written atomically (a temporary file renamed
over it); one line "wrote <path>" per file goes to stderr.

Options:
  --out <path>   without --split: the file to write, one YAML stream with "---" between the
                 policies (an existing folder, or a path ending in '/': <folder>/${EXPORT_STREAM_FILE});
                 with --split: the folder to write <namespace>/<name>.yaml into (created if
                 missing; other files in it are left alone)
  --split        one file per policy
  -h, --help     this help

Exit status: 0 written; 2 invalid input, no NetworkPolicy in the input, or bad usage (nothing
written); 1 a file could not be written (files written before it stay).
`,
};

function diagnosticLine(diagnostic: Diagnostic): string {
  const where = diagnostic.location ? `${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}: ` : '';
  const object = diagnostic.object ? ` [${diagnostic.object}]` : '';
  return `${where}${diagnostic.severity}: ${diagnostic.message}${object}\n`;
}

/** Loads and validates the input, printing its problems; undefined when it has errors. */
/** The parseArgs options of the engine's choices, for the commands that evaluate. */
const ENGINE_OPTIONS = { 'no-ipblock-pod-ips': { type: 'boolean' }, 'no-end-port': { type: 'boolean' } } as const;

function engineOptionsOf(values: { 'no-ipblock-pod-ips'?: boolean | undefined; 'no-end-port'?: boolean | undefined }): Partial<EngineOptions> {
  const options: Partial<EngineOptions> = {};
  if (values['no-ipblock-pod-ips']) options.ipBlockMatchesPodIPs = false;
  if (values['no-end-port']) options.endPortSupported = false;
  return options;
}

async function loadAndValidate(paths: string[], io: CliIO, refusal: string, engineOptions: Partial<EngineOptions> = {}): Promise<{ model: ClusterModel; analysis: Analysis } | undefined> {
  const stdinText = paths.includes('-') ? await io.readStdin() : undefined;
  const loaded = await loadManifestPaths(paths, stdinText === undefined ? {} : { stdinText });
  const analysis = analyzeModel(loaded.model, engineOptions);
  const diagnostics = [...loaded.diagnostics, ...analysis.diagnostics];
  for (const diagnostic of diagnostics) if (diagnostic.severity !== 'info') io.stderr(diagnosticLine(diagnostic));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (errors > 0) {
    io.stderr(`netpol-designer: ${errors} problem${errors === 1 ? '' : 's'} in the input; ${refusal}.\n`);
    return undefined;
  }
  return { model: loaded.model, analysis };
}

async function loadAndAnalyze(paths: string[], io: CliIO, engineOptions: Partial<EngineOptions>): Promise<Analysis | undefined> {
  return (await loadAndValidate(paths, io, 'nothing was analysed', engineOptions))?.analysis;
}

function pickFormat<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  const format = (value ?? 'txt') as T;
  if (!allowed.includes(format)) throw new UsageError(`unknown format "${value}"; use one of ${allowed.join(', ')}`);
  return format;
}

async function connectivityCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      cluster: { type: 'boolean' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n', multiple: true },
      kubectl: { type: 'string' },
      ...ENGINE_OPTIONS,
    },
  });
  if (values.help) return help('connectivity', io);
  const engineOptions = engineOptionsOf(values);
  const format = pickFormat<ListFormat>(values.format, LIST_FORMATS);
  if (!values.cluster && (values.context !== undefined || values.namespace !== undefined || values.kubectl !== undefined)) {
    throw new UsageError('--context, --namespace and --kubectl go with --cluster');
  }
  if (values.cluster) {
    if (positionals.length > 0) throw new UsageError('give either paths or --cluster, not both');
    return clusterConnectivity({ context: values.context, namespaces: values.namespace, kubectlPath: values.kubectl }, engineOptions, format, io);
  }
  if (positionals.length === 0) throw new UsageError('connectivity needs at least one path (or --cluster)');
  const analysis = await loadAndAnalyze(positionals, io, engineOptions);
  if (!analysis) return EXIT_INVALID;
  io.stdout(formatConnectivity(analysis.connectivity().rows(), format));
  return EXIT_OK;
}

/** `connectivity --cluster`: reads the cluster with kubectl (read-only), then as for paths. */
async function clusterConnectivity(
  options: { context: string | undefined; namespaces: string[] | undefined; kubectlPath: string | undefined },
  engineOptions: Partial<EngineOptions>,
  format: ListFormat,
  io: CliIO,
): Promise<number> {
  const env = io.env ?? process.env;
  const location = await findInstalledKubectl(options.kubectlPath, env);
  if (location.status !== 'found') {
    io.stderr(`netpol-designer: ${location.message}\n`);
    return EXIT_CLUSTER_UNREADABLE;
  }
  const kubectl = bindKubectl({ kubectlPath: location.path, env: { ...kubectlEnvironment(env, location.path) } as NodeJS.ProcessEnv });
  try {
    // The context is always named on each call; without --context it is the kubeconfig's current one, read once.
    const context = options.context ?? (await listKubeContexts(kubectl)).currentContext;
    if (context === undefined) throw new UsageError('the kubeconfig has no current context; name one with --context');
    const read = await importCluster({ kubectl, context, ...(options.namespaces ? { namespaces: options.namespaces } : {}) });
    for (const problem of read.problems) io.stderr(`warning: not read: ${problem.resource}${problem.namespace ? ` in namespace ${problem.namespace}` : ''}: ${problem.message}\n`);
    const plugin = await detectClusterNetworkPlugin({ kubectl, context });
    if (plugin.detection.enforcement === 'not-enforced') io.stderr(`warning: ${plugin.detection.message}\n`);
    const loaded = loadManifestTexts(read.files);
    const analysis = analyzeModel(loaded.model, engineOptions);
    const diagnostics = [...loaded.diagnostics, ...analysis.diagnostics];
    for (const diagnostic of diagnostics) if (diagnostic.severity !== 'info') io.stderr(diagnosticLine(diagnostic));
    io.stdout(formatConnectivity(analysis.connectivity().rows(), format));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(`netpol-designer: could not read the cluster: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CLUSTER_UNREADABLE;
  }
}

async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' }, ...ENGINE_OPTIONS } });
  if (values.help) return help('diff', io);
  const engineOptions = engineOptionsOf(values);
  const format = pickFormat<DiffFormat>(values.format, DIFF_FORMATS);
  if (positionals.length !== 2) throw new UsageError('diff needs exactly two paths: <pathA> <pathB>');
  const matrices: ConnectivityMatrix[] = [];
  for (const path of positionals) {
    const analysis = await loadAndAnalyze([path], io, engineOptions);
    if (!analysis) return EXIT_INVALID;
    matrices.push(analysis.connectivity());
  }
  io.stdout(formatDiff(diffConnectivity(matrices[0] as ConnectivityMatrix, matrices[1] as ConnectivityMatrix), format));
  return EXIT_OK;
}

async function explainCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      src: { type: 'string' },
      dst: { type: 'string' },
      port: { type: 'string' },
      protocol: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...ENGINE_OPTIONS,
    },
  });
  if (values.help) return help('explain', io);
  if (positionals.length === 0) throw new UsageError('explain needs at least one path');
  if (!values.src || !values.dst) throw new UsageError('explain needs --src and --dst');
  const protocol = (values.protocol ?? 'TCP').toUpperCase() as Protocol;
  if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError(`unknown protocol "${values.protocol}"; use TCP, UDP or SCTP`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not "${values.port}"`);
  } else if (values.protocol !== undefined) {
    throw new UsageError('--protocol needs --port');
  }
  const analysis = await loadAndAnalyze(positionals, io, engineOptionsOf(values));
  if (!analysis) return EXIT_INVALID;
  const source = findEndpoint(analysis.compiled, values.src);
  const destination = findEndpoint(analysis.compiled, values.dst);
  for (const lookup of [source, destination]) if ('error' in lookup) throw new UsageError(lookup.error);
  if ('error' in source || 'error' in destination) return EXIT_INVALID;
  const explanation = explainPair(analysis.compiled, source.endpoint, destination.endpoint, port === undefined ? undefined : { protocol, port });
  io.stdout(explanationToText(explanation));
  return EXIT_OK;
}

async function folderExists(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
}

async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, split: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return help('export', io);
  if (positionals.length === 0) throw new UsageError('export needs at least one path');
  if (!values.out) throw new UsageError('export needs --out <file|folder>');
  const out = values.out;
  const split = values.split === true;
  const outIsFolder = await folderExists(out);
  if (split && outIsFolder === false) throw new UsageError(`--out ${out} is a file; with --split it names the folder to write into`);
  const loaded = await loadAndValidate(positionals, io, 'nothing was written');
  if (!loaded) return EXIT_INVALID;
  const policies = loaded.model.policies;
  if (policies.length === 0) {
    io.stderr('netpol-designer export: the input holds no NetworkPolicy; nothing was written.\n');
    return EXIT_INVALID;
  }
  if (split) {
    const problems = policies.map(exportPathProblem).filter((problem) => problem !== undefined);
    for (const problem of problems) io.stderr(`netpol-designer export: ${problem}; nothing was written.\n`);
    if (problems.length > 0) return EXIT_INVALID;
  }
  const streamTarget = outIsFolder === true || out.endsWith('/') || out.endsWith(sep) ? join(out, EXPORT_STREAM_FILE) : out;
  for (const file of exportPolicies(policies, { split })) {
    const target = split ? join(out, ...file.path.split('/')) : streamTarget;
    const outcome = await writeFileSafely(target, file.text, { createDirectories: true });
    if (outcome.status !== 'written') {
      io.stderr(`netpol-designer export: ${outcome.message}\n`);
      return EXIT_WRITE_FAILED;
    }
    io.stderr(`wrote ${target}\n`);
  }
  return EXIT_OK;
}

function help(topic: string, io: CliIO): number {
  io.stdout(HELP[topic] ?? HELP.main ?? '');
  return EXIT_OK;
}

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  connectivity: connectivityCommand,
  diff: diffCommand,
  explain: explainCommand,
  export: exportCommand,
};

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return help('main', io);
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`netpol-designer: unknown command "${command}"\n\n${HELP.main}`);
    return EXIT_INVALID;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`netpol-designer ${command}: ${message}\nRun 'netpol-designer ${command} --help' for usage.\n`);
      return EXIT_INVALID;
    }
    io.stderr(`netpol-designer ${command}: internal error: ${message}\n`);
    return 1;
  }
}
