// The boundary between the review canvas (Cytoscape) and the rest of the renderer.
// The canvas is a projection of a ReviewSnapshot plus view state; it never computes
// connectivity and never owns the truth (CONVENTIONS 8).
import type { ReviewSnapshot } from '../../../../electron/common/review';

/** View state that changes the picture but never the semantics. */
export interface CanvasView {
  /** Namespaces drawn collapsed (their workloads hidden, edges drawn to the namespace). */
  collapsedNamespaces: ReadonlySet<string>;
  /** The selected element: a workload id, `namespace:<name>`, an external id, or an edge id. */
  selectedId: string | null;
  /** Element ids to emphasise (search hits, the two ends of an explained pair). */
  highlightedIds: ReadonlySet<string>;
  /** A pair being explained: of the edges between its two ends, only the one in its direction is emphasised. */
  highlightedPair?: { source: string; destination: string };
  /**
   * Where nodes were placed by hand (a design's saved positions, by canvas node id). Nodes with a
   * saved place are drawn there; the others are placed beside them, or laid out when none has one.
   */
  savedPositions?: Readonly<Record<string, { x: number; y: number }>>;
}

/** What the canvas reports; the owner updates its state and passes new props down. */
export interface CanvasEvents {
  onSelectNode(id: string): void;
  /** An edge between two endpoints (workload or external ids). */
  onSelectEdge(source: string, destination: string): void;
  onSelectNothing(): void;
  onToggleNamespace(namespace: string): void;
  /**
   * A drag drawn from one endpoint to another (design mode only: the canvas draws only while the
   * owner passes this callback). Nothing is added to the picture; the owner decides what follows.
   */
  onDrawEdge?(source: string, destination: string): void;
  /**
   * Nodes were moved by hand (dragged, or Re-layout): every leaf node's position by canvas id,
   * so that a design saves the whole picture as the user sees it.
   */
  onMoveNodes?(positions: Record<string, { x: number; y: number }>): void;
}

export interface CanvasProps extends CanvasEvents {
  snapshot: ReviewSnapshot;
  view: CanvasView;
}

/** Imperative actions on a mounted canvas (toolbar and menu commands). */
export interface CanvasController {
  fit(): void;
  zoomBy(factor: number): void;
  relayout(): void;
  /** Centres and selects the element. */
  focus(id: string): void;
  /**
   * The picture's point under a place of the window (a drop from the palette): its position in
   * model coordinates and the innermost namespace drawn there, if any.
   */
  pointAt(clientX: number, clientY: number): { position: { x: number; y: number }; namespace?: string };
}

/**
 * Read-only view of the Cytoscape state for end-to-end tests (CONVENTIONS 9: canvas assertions
 * read state through a hook, not pixels). Installed on `window.__netpolCanvas` by the canvas.
 */
export interface CanvasTestHook {
  /** Workload, namespace and external nodes: id, kind (`workload`, `namespace`, `external`), parent, label, classes. */
  nodes(): { id: string; kind: string; parent: string | null; label: string; classes: string[] }[];
  /** Edges: source and target node ids and the label (allowed ports, or `all`). */
  edges(): { id: string; source: string; target: string; label: string; classes: string[] }[];
  /** Simulates a tap on an element, as a user click would. */
  tap(id: string): void;
  /** Resolves when the current layout has finished. */
  layoutDone(): Promise<void>;
  /** Current zoom and pan, for checking fit/zoom commands. */
  viewport(): { zoom: number; pan: { x: number; y: number } };
  /** A node's centre in pixels from the canvas container's top left corner, for mouse gestures. */
  renderedCentre(id: string): { x: number; y: number };
  /** A node's position in model coordinates (what a design saves). */
  position(id: string): { x: number; y: number };
}
