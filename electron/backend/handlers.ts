// The backend's handler table: one plain async function per contract channel, over plain data.
// This is where engine, manifests and kubectl are composed; the hosts (Electron IPC, the web
// host, tests) only transport requests to these functions and never add logic of their own.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import type { AppInfo, BackendHandlers } from '../common/contract';
import type { OpenPathsRequest, OpenTextsRequest, ReviewFile } from '../common/review';
import { openManifests } from '../files/manifestSession';
import { loadManifestTexts } from '../manifests';
import { looksLikeDesign } from '../manifests/designFile';
import { ClusterJobs } from './clusterJobs';
import { ClusterOperations, type ClusterOptions } from './clusterOperations';
import { DesignSessions } from './designSessions';
import { ReviewSessions } from './reviewSessions';

export interface BackendOptions {
  /** The folder holding `samples/` (resources/ in the repository and in the packaged app). */
  resourcesDir: string;
  /** How kubectl is run: its environment (KUBECONFIG, HOME) and request timeout; this process's environment by default. */
  cluster?: ClusterOptions;
}

export const SAMPLE_FILE = 'samples/three-tier-demo.yaml';
export const SAMPLE_TITLE = 'Sample: three-tier demo (netpol-demo)';

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new Error(`${what} must be a list of strings`);
  return value as string[];
}

function fileList(value: unknown): ReviewFile[] {
  if (!Array.isArray(value)) throw new Error('files must be a list of {path, text}');
  return value.map((file: unknown) => {
    const { path, text } = (file ?? {}) as { path?: unknown; text?: unknown };
    if (typeof path !== 'string' || typeof text !== 'string') throw new Error('each file needs a path and a text');
    return { path, text };
  });
}

/** Design files are small; anything bigger is read as manifests without a look. */
const LARGEST_DESIGN_BYTES = 32 * 1024 * 1024;

/** The one path opened, when it is a design file (opening it starts design mode, not a review). */
async function designFileAmong(paths: readonly string[]): Promise<string | undefined> {
  const path = paths.length === 1 ? paths[0] : undefined;
  if (path === undefined) return undefined;
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > LARGEST_DESIGN_BYTES) return undefined;
    return looksLikeDesign(await readFile(path, 'utf8')) ? path : undefined;
  } catch {
    // Unreadable: the manifest reader reports it with its own words.
    return undefined;
  }
}

export function createBackendHandlers(options: BackendOptions): BackendHandlers {
  const reviews = new ReviewSessions();
  const designs = new DesignSessions(reviews);
  const jobs = new ClusterJobs();
  const cluster = new ClusterOperations(reviews, jobs, options.cluster);
  const openTexts = (files: ReviewFile[], title: string) => reviews.open(loadManifestTexts(files), files, title);
  return {
    'app:info': async (): Promise<AppInfo> => ({ name: packageJson.name, version: packageJson.version }),
    'review:sample': async () => {
      const path = join(options.resourcesDir, SAMPLE_FILE);
      return openTexts([{ path: basename(path), text: await readFile(path, 'utf8') }], SAMPLE_TITLE);
    },
    'review:openTexts': async (request: OpenTextsRequest) => {
      const files = fileList(request?.files);
      const only = files.length === 1 ? files[0] : undefined;
      if (only && looksLikeDesign(only.text)) return designs.openText(only);
      return openTexts(files, request.title ?? (files.length === 1 ? (files[0] as ReviewFile).path : `${files.length} files`));
    },
    'review:openPaths': async (request: OpenPathsRequest) => {
      const paths = stringList(request?.paths, 'paths');
      const designPath = await designFileAmong(paths);
      if (designPath !== undefined) return designs.openFile({ path: designPath });
      const opened = await openManifests(paths);
      const files = [...opened.files.values()].map((file) => ({ path: file.path, text: file.text }));
      return reviews.open(opened.result, files, paths.length === 1 ? basename(paths[0] as string) : `${paths.length} locations`);
    },
    'review:explain': async (request) => {
      designs.restoreReview(request?.sessionId);
      return reviews.explain(request);
    },
    'review:export': async (request) => {
      designs.restoreReview(request?.sessionId);
      return reviews.export(request);
    },
    'design:new': async () => designs.create(),
    'design:fromReview': async (request) => designs.fromReview(request),
    'design:openFile': async (request) => designs.openFile(request),
    'design:openText': async (request) => designs.openText(request),
    'design:apply': async (request) => designs.apply(request),
    'design:undo': async (request) => designs.undo(request),
    'design:redo': async (request) => designs.redo(request),
    'design:save': async (request) => designs.save(request),
    'design:serialize': async (request) => designs.serialize(request),
    'design:export': async (request) => designs.export(request),
    'design:impact': async (request) => designs.impact(request),
    'design:proposeAllow': async (request) => designs.proposeAllow(request),
    'design:proposeDeny': async (request) => designs.proposeDeny(request),
    'design:checkPolicy': async (request) => designs.checkPolicy(request),
    'kubectl:contexts': async (request) => cluster.contexts(request),
    'kubectl:start': async (request) => {
      // A design's policies are pushed from its current state.
      if (request?.kind === 'push-preview') designs.restoreReview(request.sessionId);
      return cluster.start(request);
    },
    'kubectl:poll': async (request) => jobs.poll(request),
    'kubectl:cancel': async (request) => jobs.cancel(request),
  };
}
