// Open designs: each one's undo history, its file, and the snapshot the editor draws after every
// edit. A design's snapshot is built by the same code as a review's (snapshotOf), and its
// analysis is kept in the review sessions under the design id, so `review:explain` and
// `review:export` work on a design as they do on opened manifests.
//
// The snapshot's `files` hold what the design would export (`policies.yaml`), and its policies
// and policy diagnostics point into that text: a design's own file is not shown, and the
// positions read from it are stale after the first edit.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type {
  DeletionImpact,
  DesignApplyRequest,
  DesignCheckPolicyRequest,
  DesignExportRequest,
  DesignIdRequest,
  DesignImpactRequest,
  DesignProposeAllowRequest,
  DesignProposeDenyRequest,
  DesignSaveRequest,
  DesignSerializeRequest,
  DesignSerializeResponse,
  DesignSnapshot,
  PolicyCheck,
} from '../common/design';
import type { ClusterModel, Design, Diagnostic, PolicyModel } from '../common/model';
import type { ExportResponse, ReviewFile, ReviewSnapshot } from '../common/review';
import type { Analysis } from '../engine/analysis';
import { analyzeModel } from '../engine/analysis';
import type { Proposal } from '../engine/synthesis';
import { proposeAllow, proposeDeny } from '../engine/synthesis';
import type { FileFingerprint } from '../files/safeWrite';
import { readFileWithFingerprint, writeFileSafely } from '../files/safeWrite';
import { parseDesign, serializeDesign } from '../manifests/designFile';
import { EXPORT_STREAM_FILE, kubernetesYamlDocument, kubernetesYamlText, networkPolicyManifest, sortPolicies } from '../manifests/exportPolicies';
import { DesignHistory } from './designHistory';
import { deletionImpact } from './designImpact';
import { checkPolicyChanges } from './designPolicyCheck';
import { readDesignOperation, readDesignTarget } from './designOperationShape';
import { applyOperation, applyViewOperation, isViewOperation } from './designOperations';
import { describeOperation } from './designStepLabels';
import { dnsWarnings } from './designWarnings';
import type { ReviewSessions } from './reviewSessions';
import { snapshotOf } from './reviewSessions';

export const UNTITLED_DESIGN = 'Untitled design';
/** Open designs kept (the most recently used); the editor works on one at a time. */
const KEPT_DESIGNS = 16;
/** Analyses kept per design, so an undo right after an edit is not analysed again. */
const KEPT_ANALYSES = 3;

interface OpenDesign {
  id: string;
  history: DesignHistory;
  title: string;
  filePath?: string;
  /** The file as last read or written, to notice changes made by someone else before a save. */
  fingerprint?: FileFingerprint;
  /** Warnings from reading the design file (unknown fields, which a save drops); shown until saved. */
  readDiagnostics: Diagnostic[];
  analyses: { model: ClusterModel; analysis: Analysis }[];
}

/** The model without where its parts were read from (file positions mean nothing in a design). */
function withoutSources(model: ClusterModel): ClusterModel {
  const namespaces = model.namespaces.map(({ source: _source, ...namespace }) => namespace);
  const declared = new Set(namespaces.map((namespace) => namespace.name));
  // Namespaces a review only implies (objects in them, no Namespace object) become real ones, so
  // that the design's edits in them are accepted.
  for (const name of [...model.workloads.map((workload) => workload.namespace), ...model.policies.map((policy) => policy.namespace)]) {
    if (declared.has(name)) continue;
    declared.add(name);
    namespaces.push({ name, labels: { 'kubernetes.io/metadata.name': name } });
  }
  return {
    ...model,
    namespaces,
    workloads: model.workloads.map(({ source: _source, ...workload }) => workload),
    policies: model.policies.map(({ source: _source, fieldPositions: _positions, ...policy }) => policy),
  };
}

export function emptyDesign(): Design {
  return { model: { namespaces: [], workloads: [], policies: [], externalBlocks: [] }, view: { positions: {} } };
}

function designIdOf(request: unknown): string {
  const designId = (request as { designId?: unknown } | null | undefined)?.designId;
  if (typeof designId !== 'string') throw new Error('designId must be a string');
  return designId;
}

/** `file:line:column: message` per error, the way compilers print them. */
function readProblems(path: string, diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => (diagnostic.location ? `${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}: ${diagnostic.message}` : `${path}: ${diagnostic.message}`));
  return `Could not open the design ${path}:\n${lines.join('\n')}`;
}

const documentTexts = new WeakMap<PolicyModel, string>();

/** The policy's manifest as export writes it, rendered once per policy object. */
function policyDocument(policy: PolicyModel): string {
  let text = documentTexts.get(policy);
  if (text === undefined) {
    text = kubernetesYamlText(kubernetesYamlDocument(networkPolicyManifest(policy)));
    documentTexts.set(policy, text);
  }
  return text;
}

/**
 * The export stream of the policies (the same text as exportPolicies without split) and the
 * lines each policy occupies in it.
 */
export function policiesStream(policies: readonly PolicyModel[]): { files: ReviewFile[]; lines: Map<string, { first: number; last: number }> } {
  const lines = new Map<string, { first: number; last: number }>();
  if (policies.length === 0) return { files: [], lines };
  const documents: string[] = [];
  let line = 1;
  for (const policy of sortPolicies(policies)) {
    const text = policyDocument(policy);
    const count = text.split('\n').length - 1;
    const key = `${policy.namespace}/${policy.name}`;
    if (!lines.has(key)) lines.set(key, { first: line, last: line + count - 1 });
    documents.push(text);
    line += count + 1; // the `---` between documents
  }
  return { files: [{ path: EXPORT_STREAM_FILE, text: documents.join('---\n') }], lines };
}

/** Points the snapshot's policies and their diagnostics into the export stream. */
function locateInStream(review: ReviewSnapshot, lines: ReadonlyMap<string, { first: number; last: number }>): ReviewSnapshot {
  const policies = review.policies.map((policy) => {
    const { file: _file, lines: _lines, ...rest } = policy;
    const at = lines.get(policy.key);
    return at ? { ...rest, file: EXPORT_STREAM_FILE, lines: at } : rest;
  });
  const diagnostics = review.diagnostics.map((diagnostic) => {
    const key = diagnostic.object?.startsWith('NetworkPolicy ') ? diagnostic.object.slice('NetworkPolicy '.length) : undefined;
    const at = key === undefined ? undefined : lines.get(key);
    return at ? { ...diagnostic, location: { file: EXPORT_STREAM_FILE, line: at.first, column: 1 } } : diagnostic;
  });
  return { ...review, policies, diagnostics };
}

/** A file name to offer for a design without one. */
function downloadName(title: string): string {
  if (title === UNTITLED_DESIGN) return 'design.yaml';
  return /\.(ya?ml)$/i.test(title) ? title : `${title}.yaml`;
}

export class DesignSessions {
  private readonly designs = new Map<string, OpenDesign>();

  constructor(private readonly reviews: ReviewSessions) {}

  /** A new, empty design. */
  create(): DesignSnapshot {
    return this.snapshot(this.add(emptyDesign(), { title: UNTITLED_DESIGN, readDiagnostics: [] }));
  }

  /**
   * A new design holding what a review shows (opened manifests, an imported cluster): its
   * namespaces, workloads and policies, to change by drawing or in the policy editor, then
   * export or push. The review's files are not tied to it; where things were read from is left out.
   */
  fromReview(request: unknown): DesignSnapshot {
    const sessionId = (request as { sessionId?: unknown } | null | undefined)?.sessionId;
    if (typeof sessionId !== 'string') throw new Error('sessionId must name an open review');
    if (this.designs.has(sessionId)) throw new Error('This is already a design.');
    const { model, title } = this.reviews.contentOf(sessionId);
    const design: Design = { model: withoutSources(model), view: { positions: {} } };
    return this.snapshot(this.add(design, { title: `${title} (design)`, readDiagnostics: [] }));
  }

  /** Opens a design file on this machine; a file with any error opens as nothing. */
  async openFile(request: unknown): Promise<DesignSnapshot> {
    const path = (request as { path?: unknown } | null | undefined)?.path;
    if (typeof path !== 'string' || path === '') throw new Error('path must be a file path');
    let read: { text: string; fingerprint: FileFingerprint };
    try {
      read = await readFileWithFingerprint(path);
    } catch (error) {
      throw new Error(`Could not open the design ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const parsed = parseDesign(read.text, path);
    if (!('design' in parsed)) throw new Error(readProblems(path, parsed.diagnostics));
    return this.snapshot(this.add(parsed.design, { title: basename(path), filePath: path, fingerprint: read.fingerprint, readDiagnostics: parsed.diagnostics }));
  }

  /** Opens a design the page read itself (browser file picker); it has no file to save back to. */
  openText(request: unknown): DesignSnapshot {
    const { path, text } = (request ?? {}) as { path?: unknown; text?: unknown };
    if (typeof path !== 'string' || typeof text !== 'string') throw new Error('a design text needs a path (a file name) and a text');
    const parsed = parseDesign(text, path);
    if (!('design' in parsed)) throw new Error(readProblems(path, parsed.diagnostics));
    return this.snapshot(this.add(parsed.design, { title: basename(path) || UNTITLED_DESIGN, readDiagnostics: parsed.diagnostics }));
  }

  /** Applies one operation as one undo step; a refusal throws with the API server's words. */
  apply(request: DesignApplyRequest): DesignSnapshot {
    const open = this.get(designIdOf(request));
    const operation = readDesignOperation((request as { operation?: unknown }).operation);
    if (isViewOperation(operation)) {
      // Not a step: every design in the history gets the new view, so undo never moves nodes back.
      open.history.updateEvery((design) => applyViewOperation(design, operation));
      return this.snapshot(open);
    }
    const outcome = applyOperation(open.history.current, operation);
    if ('error' in outcome) throw new Error(outcome.error);
    open.history.record(outcome.design, describeOperation(operation));
    return this.snapshot(open);
  }

  /** What drawing this edge would change (nothing is applied: the user confirms with design:apply). */
  proposeAllow(request: DesignProposeAllowRequest): Proposal {
    const open = this.get(designIdOf(request));
    if (typeof request.intent !== 'object' || request.intent === null) throw new Error('intent must describe the drawn edge');
    return proposeAllow(open.history.current.model, request.intent);
  }

  /** What deleting this edge would change (nothing is applied: the user confirms with design:apply). */
  proposeDeny(request: DesignProposeDenyRequest): Proposal {
    const open = this.get(designIdOf(request));
    if (typeof request.pair !== 'object' || request.pair === null) throw new Error('pair must name the source and the destination');
    return proposeDeny(open.history.current.model, request.pair);
  }

  /** What a hand edit of policies would do (nothing is applied: the form's Apply is design:apply). */
  checkPolicy(request: DesignCheckPolicyRequest): PolicyCheck {
    const open = this.get(designIdOf(request));
    const operation = readDesignOperation({ type: 'policy-changes', changes: (request as { changes?: unknown }).changes });
    if (operation.type !== 'policy-changes') throw new Error('changes must be a list of policy changes');
    const model = open.history.current.model;
    return checkPolicyChanges(model, this.analysisOf(open, model), operation.changes);
  }

  undo(request: DesignIdRequest): DesignSnapshot {
    const open = this.get(designIdOf(request));
    open.history.undo();
    return this.snapshot(open);
  }

  redo(request: DesignIdRequest): DesignSnapshot {
    const open = this.get(designIdOf(request));
    open.history.redo();
    return this.snapshot(open);
  }

  /**
   * Writes the design file atomically. Saving back to the file it came from refuses when that
   * file changed on disk since (the message names it) unless `overwrite` says the user confirmed.
   */
  async save(request: DesignSaveRequest): Promise<DesignSnapshot> {
    const open = this.get(designIdOf(request));
    const requested = (request as { path?: unknown }).path;
    if (requested !== undefined && (typeof requested !== 'string' || requested === '')) throw new Error('path must be a file path');
    const path = requested ?? open.filePath;
    if (path === undefined) throw new Error('This design has no file yet: choose where to save it.');
    const design = open.history.current;
    const expected = path === open.filePath ? open.fingerprint : undefined;
    const outcome = await writeFileSafely(path, serializeDesign(design), { ...(expected ? { expected } : {}), overwriteChanged: request.overwrite === true });
    if (outcome.status !== 'written') throw new Error(outcome.message);
    open.history.markSaved(design);
    open.filePath = path;
    open.fingerprint = outcome.fingerprint;
    open.title = basename(path);
    open.readDiagnostics = [];
    return this.snapshot(open);
  }

  /** The design file's text, for the browser to download; `markSaved` when that is the save. */
  serialize(request: DesignSerializeRequest): DesignSerializeResponse {
    const open = this.get(designIdOf(request));
    const text = serializeDesign(open.history.current);
    if (request.markSaved === true) {
      open.history.markSaved();
      open.readDiagnostics = [];
    }
    return { text, fileName: open.filePath ? basename(open.filePath) : downloadName(open.title), dirty: open.history.dirty };
  }

  /** The design's valid policies as manifests, as `review:export` gives them. */
  export(request: DesignExportRequest): ExportResponse {
    const open = this.get(designIdOf(request));
    this.keepReview(open);
    return this.reviews.export({ sessionId: open.id, split: request.split === true });
  }

  /** What deleting the target would take with it. */
  impact(request: DesignImpactRequest): DeletionImpact {
    const open = this.get(designIdOf(request));
    const impact = deletionImpact(open.history.current, readDesignTarget((request as { target?: unknown }).target));
    if ('error' in impact) throw new Error(impact.error);
    return impact;
  }

  /** Puts the analysis of a design back into the review sessions when a review request names it. */
  restoreReview(sessionId: string): void {
    const open = this.designs.get(sessionId);
    if (open && !this.reviews.has(sessionId)) this.keepReview(open);
  }

  private add(design: Design, file: Pick<OpenDesign, 'title' | 'readDiagnostics'> & Partial<Pick<OpenDesign, 'filePath' | 'fingerprint'>>): OpenDesign {
    const open: OpenDesign = { id: randomUUID(), history: new DesignHistory(design), analyses: [], ...file };
    this.designs.set(open.id, open);
    while (this.designs.size > KEPT_DESIGNS) this.designs.delete(this.designs.keys().next().value as string);
    return open;
  }

  private get(designId: string): OpenDesign {
    const open = this.designs.get(designId);
    if (!open) throw new Error('This design is no longer open; open it again.');
    // The most recently used design is the last one evicted.
    this.designs.delete(designId);
    this.designs.set(designId, open);
    return open;
  }

  private analysisOf(open: OpenDesign, model: ClusterModel): Analysis {
    const known = open.analyses.find((entry) => entry.model === model);
    if (known) return known.analysis;
    const analysis = analyzeModel(model);
    open.analyses = [{ model, analysis }, ...open.analyses].slice(0, KEPT_ANALYSES);
    return analysis;
  }

  private keepReview(open: OpenDesign): Analysis {
    const model = open.history.current.model;
    const analysis = this.analysisOf(open, model);
    this.reviews.keep(open.id, model, analysis);
    return analysis;
  }

  private snapshot(open: OpenDesign): DesignSnapshot {
    const design = open.history.current;
    const analysis = this.keepReview(open);
    const stream = policiesStream(design.model.policies);
    const review = locateInStream(snapshotOf(analysis, design.model, stream.files, open.title, open.id, open.readDiagnostics), stream.lines);
    const history = open.history;
    return {
      ...review,
      designId: open.id,
      dirty: history.dirty,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      ...(history.undoLabel !== undefined ? { undoLabel: history.undoLabel } : {}),
      ...(history.redoLabel !== undefined ? { redoLabel: history.redoLabel } : {}),
      ...(open.filePath !== undefined ? { filePath: open.filePath } : {}),
      externalBlocks: (design.model.externalBlocks ?? []).map((block) => ({ name: block.name, cidr: block.cidr })),
      view: design.view,
      warnings: dnsWarnings(analysis),
    };
  }
}
