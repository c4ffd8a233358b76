// The one backend contract (CONVENTIONS 2). Every capability of the backend is a channel named
// `domain:verb`, declared here once as `(request) => Promise<response>` over plain,
// structured-clone-safe data. The Electron IPC registration, the preload bridge, the web host
// and the renderer api all derive from this file; nothing else names a channel's types.
//
// Adding a channel: one line in `BackendContract`, its name in `CHANNELS` (the compiler
// refuses to build until it is there), and its handler in electron/backend/handlers.ts (the
// compiler refuses that too).

import type {
  DeletionImpact,
  DesignApplyRequest,
  DesignCheckPolicyRequest,
  DesignFromReviewRequest,
  DesignExportRequest,
  DesignExportResponse,
  DesignIdRequest,
  DesignImpactRequest,
  DesignOpenFileRequest,
  DesignOpenTextRequest,
  DesignProposeAllowRequest,
  DesignProposeDenyRequest,
  DesignSaveRequest,
  DesignSerializeRequest,
  DesignSerializeResponse,
  DesignSnapshot,
  PolicyCheck,
} from './design';
import type { ClusterContextsRequest, ClusterContextsResponse, ClusterJobIdRequest, ClusterJobPollRequest, ClusterJobRequest, ClusterJobStarted, ClusterJobStatus } from './cluster';
import type { ExplainRequest, ExplainResponse, ExportRequest, ExportResponse, OpenPathsRequest, OpenTextsRequest, ReviewSnapshot } from './review';
import type { Proposal } from './synthesis';

export interface AppInfo {
  /** The package name, e.g. `netpol-designer`. */
  name: string;
  version: string;
}

/** An empty request, for channels that take no input. */
export type NoRequest = Record<string, never>;

export interface BackendContract {
  'app:info': (request: NoRequest) => Promise<AppInfo>;
  /** The embedded sample (the three-tier demo), opened as a review. */
  'review:sample': (request: NoRequest) => Promise<ReviewSnapshot>;
  /** Files and folders on this machine (Electron dialogs, drag-and-drop of paths); one design file opens as a design. */
  'review:openPaths': (request: OpenPathsRequest) => Promise<ReviewSnapshot | DesignSnapshot>;
  /** Texts the page read itself (browser file picker, drag-and-drop of files); one design file opens as a design. */
  'review:openTexts': (request: OpenTextsRequest) => Promise<ReviewSnapshot | DesignSnapshot>;
  /** Why one pair can or cannot talk, in an opened review. */
  'review:explain': (request: ExplainRequest) => Promise<ExplainResponse>;
  /** The review's valid NetworkPolicies as clean manifests, ready for `kubectl apply`. */
  'review:export': (request: ExportRequest) => Promise<ExportResponse>;
  /** A new, empty design (issue 5: design by drawing). */
  'design:new': (request: NoRequest) => Promise<DesignSnapshot>;
  /** A new design holding what an open review shows, to change and then export or push. */
  'design:fromReview': (request: DesignFromReviewRequest) => Promise<DesignSnapshot>;
  /** A design file on this machine; a file with errors is refused with `file:line:column` messages. */
  'design:openFile': (request: DesignOpenFileRequest) => Promise<DesignSnapshot>;
  /** A design file the page read itself (browser file picker). */
  'design:openText': (request: DesignOpenTextRequest) => Promise<DesignSnapshot>;
  /** One edit as one undo step; a refusal is an error in the API server's words. */
  'design:apply': (request: DesignApplyRequest) => Promise<DesignSnapshot>;
  'design:undo': (request: DesignIdRequest) => Promise<DesignSnapshot>;
  'design:redo': (request: DesignIdRequest) => Promise<DesignSnapshot>;
  /** Writes the design file atomically (to `path`, or back to its own file). */
  'design:save': (request: DesignSaveRequest) => Promise<DesignSnapshot>;
  /** The design file's text, for the browser to download. */
  'design:serialize': (request: DesignSerializeRequest) => Promise<DesignSerializeResponse>;
  /** The design's valid NetworkPolicies as manifests. */
  'design:export': (request: DesignExportRequest) => Promise<DesignExportResponse>;
  /** What deleting a namespace, workload or external block would take with it. */
  'design:impact': (request: DesignImpactRequest) => Promise<DeletionImpact>;
  /** What drawing an edge would change: the synthesized policy changes, previewed before design:apply. */
  'design:proposeAllow': (request: DesignProposeAllowRequest) => Promise<Proposal>;
  /** What deleting an edge would change, with every other pair that would change. */
  'design:proposeDeny': (request: DesignProposeDenyRequest) => Promise<Proposal>;
  /** What a hand edit of policies (the policy editor) would do, before design:apply: findings per field and the pairs that change. */
  'design:checkPolicy': (request: DesignCheckPolicyRequest) => Promise<PolicyCheck>;
  /** The kubeconfig's contexts as the user's kubectl reads them (honouring KUBECONFIG), and which kubectl that is. */
  'kubectl:contexts': (request: ClusterContextsRequest) => Promise<ClusterContextsResponse>;
  /** Starts a cluster job (import, push preview, push apply); follow it with kubectl:poll. */
  'kubectl:start': (request: ClusterJobRequest) => Promise<ClusterJobStarted>;
  /** A job's step, progress, new output lines, and at the end its result or error. */
  'kubectl:poll': (request: ClusterJobPollRequest) => Promise<ClusterJobStatus>;
  /** Stops a running job (the kubectl call that runs is killed). */
  'kubectl:cancel': (request: ClusterJobIdRequest) => Promise<ClusterJobStatus>;
}

export type Channel = keyof BackendContract;
export type RequestOf<C extends Channel> = Parameters<BackendContract[C]>[0];
export type ResponseOf<C extends Channel> = Awaited<ReturnType<BackendContract[C]>>;

/** The table every host exposes: one plain async function per channel. */
export type BackendHandlers = { readonly [C in Channel]: BackendContract[C] };

/** Every channel, in declaration order; the hosts register exactly these. */
export const CHANNELS = [
  'app:info',
  'review:sample',
  'review:openPaths',
  'review:openTexts',
  'review:explain',
  'review:export',
  'design:new',
  'design:fromReview',
  'design:openFile',
  'design:openText',
  'design:apply',
  'design:undo',
  'design:redo',
  'design:save',
  'design:serialize',
  'design:export',
  'design:impact',
  'design:proposeAllow',
  'design:proposeDeny',
  'design:checkPolicy',
  'kubectl:contexts',
  'kubectl:start',
  'kubectl:poll',
  'kubectl:cancel',
] as const satisfies readonly Channel[];

// Compile-time completeness: if a channel of the contract is missing from CHANNELS, the type
// below names it and this line fails to compile.
type MissingFromChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
const _channelsAreComplete: [MissingFromChannels] extends [never] ? true : MissingFromChannels = true;

const channelSet: ReadonlySet<string> = new Set(CHANNELS);

/** Whether a name received from outside (a URL, an IPC message) is a channel of the contract. */
export function isChannel(name: string): name is Channel {
  return channelSet.has(name);
}

// The renderer imports types only, so these names are also types: its copies of the strings
// are checked against them.

/** The name of the preload bridge on `window`. */
export type BridgeGlobalName = 'netpolDesigner';
export const BRIDGE_GLOBAL_NAME: BridgeGlobalName = 'netpolDesigner';

/** The header that carries the web host's session token. */
export type WebTokenHeader = 'x-netpol-token';
export const WEB_TOKEN_HEADER: WebTokenHeader = 'x-netpol-token';

/**
 * Calls the handler of `channel`. Hosts receive the channel name at run time, where TypeScript
 * cannot correlate it with the handler's parameter type, so the one cast lives here.
 * Requests come from outside the process: handlers that act on them validate them.
 */
export function callHandler(handlers: BackendHandlers, channel: Channel, request: unknown): Promise<unknown> {
  const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
  return handler(request);
}
