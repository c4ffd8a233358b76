// Designing by drawing (issue 5): the edits a user makes on the canvas, as plain data. The
// backend applies one operation to a Design and answers with a DesignSnapshot: the review
// snapshot of the edited design plus what the editor needs (undo state, dirty flag, view,
// warnings). The canvas never edits anything itself; every gesture becomes one operation.
import type { ContainerPortModel, DesignView, Diagnostic, DiffRow, Labels, WorkloadKind } from './model';
import type { ExportResponse, ReviewSnapshot } from './review';

export interface CanvasPosition {
  x: number;
  y: number;
}

/**
 * What a delete (or its confirmation) is about. Canvas node ids are `namespace:<name>`,
 * `ns/name[Kind]` and `external:<name>`; a target says the kind explicitly instead, so a
 * namespace and an external block of the same name are never confused.
 */
export type DesignTarget = { kind: 'namespace'; name: string } | { kind: 'workload'; id: string } | { kind: 'external'; name: string };

/** One edit of a policy, as the synthesis proposes it (create, replace the spec, delete). */
import type { AllowIntent, DenyIntent, PolicyChange } from './synthesis';
export type { PolicyChange };

export const DESIGN_TEMPLATES = ['default-deny-ingress', 'default-deny-egress', 'default-deny-all', 'allow-all-ingress', 'allow-dns', 'three-tier-app'] as const;
export type DesignTemplate = (typeof DESIGN_TEMPLATES)[number];

/**
 * One user edit. Every operation but the view-only ones (`set-positions`, `set-collapsed`) is
 * one undo step. View-only operations are never a step of their own: they change where nodes
 * are drawn in the current design and in every design of the undo and redo stacks, so undoing
 * an edit never moves a node back to where it was dragged from. They still make the design
 * dirty, because positions are saved in the design file.
 */
export type DesignOperation =
  | { type: 'add-namespace'; name: string; labels: Labels; position?: CanvasPosition }
  /** Replaces the namespace's labels (`kubernetes.io/metadata.name` is always kept). */
  | { type: 'update-namespace'; name: string; labels: Labels }
  | { type: 'add-workload'; namespace: string; name: string; kind: WorkloadKind; labels: Labels; ports: ContainerPortModel[]; position?: CanvasPosition }
  /** `id` is `ns/name[Kind]`; the fields given replace the workload's own. */
  | { type: 'update-workload'; id: string; name?: string; kind?: WorkloadKind; labels?: Labels; ports?: ContainerPortModel[] }
  /** Moves a workload (labels, ports and all) into another namespace. */
  | { type: 'move-workload'; id: string; namespace: string; position?: CanvasPosition }
  /** Deletes a namespace with its workloads and policies, a workload, or an external block. */
  | { type: 'delete'; target: DesignTarget }
  | { type: 'add-external'; name: string; cidr: string; position?: CanvasPosition }
  /** `name` names the block; `newName` and `cidr` replace its own. */
  | { type: 'update-external'; name: string; newName?: string; cidr?: string }
  /** The wanted default deny of a namespace, per direction (policies `default-deny-*`). */
  | { type: 'set-default-deny'; namespace: string; ingress: boolean; egress: boolean }
  | { type: 'apply-template'; template: DesignTemplate; namespace: string }
  /** Policy edits applied together as one step (an edge drawn or deleted); `label` names the step. */
  | { type: 'policy-changes'; changes: PolicyChange[]; label?: string }
  /** View only: new positions for some nodes (canvas node ids); other nodes stay where they are. */
  | { type: 'set-positions'; positions: Record<string, CanvasPosition> }
  /** View only: the namespaces shown collapsed. */
  | { type: 'set-collapsed'; namespaces: string[] };

export type DesignOperationType = DesignOperation['type'];

/** What a delete takes with it, for the confirmation the user sees before it happens. */
export interface DeletionImpact {
  target: DesignTarget;
  /** Workloads deleted with the target (`ns/name[Kind]`): those of a deleted namespace, or the workload itself. */
  deletedWorkloads: string[];
  /** Policies deleted with the target (`ns/name`): those of a deleted namespace. */
  deletedPolicies: string[];
  /** Policies that stay but select the deleted workload as their subject (`ns/name`). */
  subjectPolicies: string[];
  /** Policies that stay but whose peers select the target (`ns/name`): their rules then admit less, or nothing. */
  peerPolicies: string[];
}

export type DesignWarningCode = 'dns-unreachable' | 'no-kube-dns';

/** Something the design allows or forgets that the user most likely did not mean. */
export interface DesignWarning {
  code: DesignWarningCode;
  message: string;
  /** The workloads it is about (`ns/name[Kind]`), for marking them on the canvas. */
  workloads: string[];
}

/** What the editor draws: the review of the design plus its editing state. */
export interface DesignSnapshot extends ReviewSnapshot {
  /** Identifies the design in the backend; also its `sessionId` for `review:explain`. */
  designId: string;
  /** The design differs from the file it was opened from or last saved to (or was never saved). */
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The step an undo would take back, e.g. "Add workload backend". */
  undoLabel?: string;
  redoLabel?: string;
  /** The file the design was opened from or saved to, when it has one on this machine. */
  filePath?: string;
  externalBlocks: { name: string; cidr: string }[];
  view: DesignView;
  warnings: DesignWarning[];
}

export interface DesignIdRequest {
  designId: string;
}

export interface DesignOpenFileRequest {
  path: string;
}

export interface DesignOpenTextRequest {
  /** A file name for messages and the title (the browser's file picker gives no real path). */
  path: string;
  text: string;
}

export interface DesignApplyRequest {
  designId: string;
  operation: DesignOperation;
}

export interface DesignSaveRequest {
  designId: string;
  /** Where to save; the design's own file when absent ("Save" rather than "Save as"). */
  path?: string;
  /** Write even though the file changed on disk since it was opened (the user confirmed). */
  overwrite?: boolean;
}

export interface DesignSerializeRequest {
  designId: string;
  /** The text is being downloaded as the design's file (browser "Save"): the design is no longer dirty. */
  markSaved?: boolean;
}

export interface DesignSerializeResponse {
  text: string;
  /** A file name to offer for the download, e.g. `design.netpol.yaml`. */
  fileName: string;
  dirty: boolean;
}

export interface DesignExportRequest {
  designId: string;
  split?: boolean;
}

export type DesignExportResponse = ExportResponse;

export interface DesignImpactRequest {
  designId: string;
  target: DesignTarget;
}

export interface DesignProposeAllowRequest {
  designId: string;
  intent: AllowIntent;
}

export interface DesignProposeDenyRequest {
  designId: string;
  pair: DenyIntent;
}

export interface DesignCheckPolicyRequest {
  designId: string;
  /** The edit the policy editor would apply (update, or create, or a rename as delete + create). */
  changes: PolicyChange[];
}

/** What a hand edit of policies would do: the API server's findings, and the pairs that change. */
export interface PolicyCheck {
  /** Findings on the edited policies, each with its `fieldPath` (`spec.ingress[0].from[1].ipBlock.cidr`). */
  diagnostics: Diagnostic[];
  /** Some finding is an error: design:apply would refuse the edit. */
  refused: boolean;
  /** Every ordered pair whose connectivity changes (empty when refused). */
  affectedPairs: DiffRow[];
}

export interface DesignFromReviewRequest {
  /** The review (its sessionId) whose namespaces, workloads and policies the design starts from. */
  sessionId: string;
}
