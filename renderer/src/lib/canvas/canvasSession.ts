// One mounted review canvas: owns the Cytoscape instance, turns snapshots and view state into
// patches, runs the layout only when something has no place yet, and reports gestures as events.
// ReviewCanvas.svelte only creates and disposes it, so the component stays small (CONVENTIONS 7).
import type { Core, EventObject, NodeSingular, Position, SingularElementArgument } from 'cytoscape';
import cytoscape from 'cytoscape';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import type { CanvasController, CanvasEvents, CanvasTestHook, CanvasView } from './canvasTypes';
import type { CanvasTheme } from './canvasStyle';
import { canvasStyle, PALETTES } from './canvasStyle';
import { enableEdgeDrawing } from './edgeDrawing';
import { namespaceNodeId, namespaceOfNodeId, projectElements } from './elements';
import { placeAdded, placeBeside, registerLayouts, runLayout } from './layout';
import { listen } from './listeners';
import { patch } from './patch';
import { applyViewportDetail, fitToScreen, zoomAround } from './viewport';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export class CanvasSession {
  readonly cy: Core;
  private readonly container: HTMLElement;
  private readonly events: CanvasEvents;
  private readonly disposers: (() => void)[] = [];
  /** The input drawn (ReviewSnapshot.sessionId): a new one is laid out afresh. */
  private sessionId: string | undefined;
  /** Namespace of each workload id of the current snapshot. */
  private namespaceOf = new Map<string, string>();
  /** Last known positions of leaf nodes, so hidden workloads come back where they were. */
  private readonly positions = new Map<string, Position>();
  /** Where each collapsed namespace's workloads were centred when it was collapsed. */
  private readonly collapsedCentres = new Map<string, Position>();
  private layoutDone: Promise<void> = Promise.resolve();
  private view: CanvasView | undefined;
  /** An element `focus` was asked for, centred after the next patch (see flushFocus). */
  private pendingFocus: string | undefined;
  /** Turns drag to draw off again, while it is on. */
  private stopEdgeDrawing: (() => void) | undefined;

  constructor(container: HTMLElement, events: CanvasEvents) {
    registerLayouts();
    this.container = container;
    this.events = events;
    this.cy = cytoscape({
      container,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Selection is the owner's state (view.selectedId), drawn through the `selected` class.
      autounselectify: true,
      userZoomingEnabled: true,
      userPanningEnabled: true,
    });
    const media = globalThis.matchMedia?.(DARK_QUERY);
    this.applyTheme(media?.matches ? 'dark' : 'light');
    if (media) {
      const onThemeChange = (event: MediaQueryListEvent) => this.applyTheme(event.matches ? 'dark' : 'light');
      media.addEventListener('change', onThemeChange);
      this.disposers.push(() => media.removeEventListener('change', onThemeChange));
    }
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => {
        // A canvas mounted hidden (zero size) could not fit the picture: fit once it has a size.
        const hadNoSize = this.cy.width() === 0 || this.cy.height() === 0;
        this.cy.resize();
        if (hadNoSize && this.cy.width() > 0 && this.cy.height() > 0) fitToScreen(this.cy);
      });
      observer.observe(container);
      this.disposers.push(() => observer.disconnect());
    }
    this.disposers.push(
      listen(this.cy, [
        { events: 'tap', handler: (event) => this.onTap(event) },
        { events: 'dbltap', selector: 'node.namespace', handler: (event) => this.onDoubleTap(event) },
        { events: 'dragfree', selector: 'node', handler: () => this.reportPositions() },
      ]),
    );
  }

  private applyTheme(theme: CanvasTheme): void {
    this.cy.style(canvasStyle(theme));
    this.container.style.backgroundColor = PALETTES[theme].background;
  }

  private onTap(event: EventObject): void {
    if (event.target === this.cy) return this.events.onSelectNothing();
    this.select(event.target as SingularElementArgument);
  }

  private onDoubleTap(event: EventObject): void {
    const name = namespaceOfNodeId((event.target as NodeSingular).id());
    if (name !== undefined) this.events.onToggleNamespace(name);
  }

  /** Every leaf node's position, to the owner (a design saves them). */
  private reportPositions(): void {
    if (!this.events.onMoveNodes) return;
    const positions: Record<string, Position> = {};
    this.cy.nodes().forEach((node) => {
      if (node.isChildless() && node.data('kind') !== 'zone') positions[node.id()] = { ...node.position() };
    });
    this.events.onMoveNodes(positions);
  }

  /** Reports a selection of `element` as a user tap would. */
  private select(element: SingularElementArgument): void {
    if (element.isEdge()) {
      this.events.onSelectEdge(element.data('sourceEndpoint') as string, element.data('destinationEndpoint') as string);
    } else if (element.data('kind') === 'zone') {
      this.events.onSelectNothing();
    } else {
      this.events.onSelectNode(element.id());
    }
  }

  /** Draws `snapshot` under `view`; lays out only a new input or nodes that have no place yet. */
  show(snapshot: ReviewSnapshot, view: CanvasView): void {
    const newInput = this.sessionId !== snapshot.sessionId;
    this.sessionId = snapshot.sessionId;
    this.view = view;
    this.namespaceOf = new Map(snapshot.workloads.map((workload) => [workload.id, workload.namespace]));
    const elements = projectElements(snapshot, view);
    let collapsing: string[] = [];
    if (newInput) {
      this.positions.clear();
      this.collapsedCentres.clear();
    } else {
      collapsing = this.rememberPositions(view);
    }
    const parents = new Set(elements.map((element) => element.data.parent as string | undefined).filter((parent) => parent !== undefined));
    const unplaced: string[] = [];
    const saved = view.savedPositions ?? {};
    const positionOf = (id: string): Position | undefined => {
      if (parents.has(id)) return undefined; // a compound's position follows its children
      const position = this.positionForAdded(id) ?? (Object.hasOwn(saved, id) ? saved[id] : undefined);
      if (!position) unplaced.push(id);
      return position;
    };
    patch(this.cy, elements, { positionOf });
    // A collapsed namespace stays where its workloads were; an expanded one forgets that place.
    for (const name of collapsing) {
      const centre = this.collapsedCentres.get(name);
      if (centre) this.cy.getElementById(namespaceNodeId(name)).position(centre);
    }
    for (const name of [...this.collapsedCentres.keys()]) {
      if (!view.collapsedNamespaces.has(name)) this.collapsedCentres.delete(name);
    }
    applyViewportDetail(this.cy);
    // Workloads of a namespace expanded for the first time go where the namespace was; nodes added
    // to a picture placed by hand go beside it; an input with no place at all gets a full layout.
    const placedByHand = Object.keys(saved).length > 0;
    if (unplaced.length === 0) {
      if (newInput) this.fitWhenSized();
    } else if (newInput && !placedByHand) {
      this.relayout();
    } else if (!placeAdded(this.cy, unplaced, (parentId) => this.positions.get(parentId)) && !placeBeside(this.cy, unplaced)) {
      this.relayout();
    } else if (newInput || !this.inView(unplaced)) {
      this.fitWhenSized();
    }
    this.flushFocus();
  }

  /** Remembers leaf positions; returns the namespaces about to be collapsed, whose centres it keeps. */
  private rememberPositions(view: CanvasView): string[] {
    this.cy.nodes().forEach((node) => {
      if (node.isChildless()) this.positions.set(node.id(), { ...node.position() });
    });
    const collapsing: string[] = [];
    for (const name of view.collapsedNamespaces) {
      const node = this.cy.getElementById(namespaceNodeId(name));
      if (node.nonempty() && node.isParent()) {
        this.collapsedCentres.set(name, { ...node.position() });
        collapsing.push(name);
      }
    }
    return collapsing;
  }

  /** A remembered position; workloads of a namespace being expanded follow where the namespace now is. */
  private positionForAdded(id: string): Position | undefined {
    const remembered = this.positions.get(id);
    if (!remembered) return undefined;
    const namespace = this.namespaceOf.get(id);
    const centre = namespace === undefined ? undefined : this.collapsedCentres.get(namespace);
    const namespaceNode = namespace === undefined ? undefined : this.cy.getElementById(namespaceNodeId(namespace));
    if (!centre || !namespaceNode || namespaceNode.empty()) return remembered;
    const now = namespaceNode.position();
    return { x: remembered.x + now.x - centre.x, y: remembered.y + now.y - centre.y };
  }

  /** Turns drag to draw (reported as onDrawEdge) on or off. */
  setEdgeDrawing(enabled: boolean): void {
    if (enabled === (this.stopEdgeDrawing !== undefined)) return;
    if (enabled) {
      this.stopEdgeDrawing = enableEdgeDrawing(this.cy, (source, destination) => this.events.onDrawEdge?.(source, destination));
    } else {
      this.stopEdgeDrawing?.();
      this.stopEdgeDrawing = undefined;
    }
  }

  relayout(): void {
    this.layoutDone = runLayout(this.cy).then(() => fitToScreen(this.cy));
  }

  /** Whether all these nodes are inside the visible part of the canvas. */
  private inView(ids: readonly string[]): boolean {
    const extent = this.cy.extent();
    return ids.every((id) => {
      const node = this.cy.getElementById(id);
      if (node.empty()) return true;
      const box = node.boundingBox({ includeLabels: true, includeOverlays: false });
      return box.x1 >= extent.x1 && box.x2 <= extent.x2 && box.y1 >= extent.y1 && box.y2 <= extent.y2;
    });
  }

  private fitWhenSized(): void {
    this.layoutDone = Promise.resolve();
    fitToScreen(this.cy);
  }

  /**
   * Centres the element asked for by `focus`. Deferred: an owner typically expands the namespace
   * and then calls focus in the same turn, before the patch that draws the workload has run; the
   * focus then happens at the end of that patch, or in a microtask when no patch comes.
   */
  private flushFocus(): void {
    const id = this.pendingFocus;
    if (id === undefined) return;
    this.pendingFocus = undefined;
    const own = this.cy.getElementById(id);
    const namespace = this.namespaceOf.get(id);
    // A workload of a collapsed namespace is shown by its namespace.
    const element: SingularElementArgument = own.empty() && namespace !== undefined ? this.cy.getElementById(namespaceNodeId(namespace)) : own;
    if (element.empty()) return;
    this.cy.zoom(Math.max(this.cy.zoom(), 1));
    this.cy.center(element);
    // Selection is the owner's: report it unless the owner has already selected this element.
    if (this.view?.selectedId === id) return;
    if (element === own) this.select(element);
    else this.events.onSelectNode(id);
  }

  readonly controller: CanvasController = {
    fit: () => fitToScreen(this.cy),
    zoomBy: (factor) => zoomAround(this.cy, factor),
    relayout: () => {
      // Asked for by the user: the new picture is theirs, and a design saves it.
      this.relayout();
      void this.layoutDone.then(() => this.reportPositions());
    },
    focus: (id) => {
      this.pendingFocus = id;
      queueMicrotask(() => this.flushFocus());
    },
    pointAt: (clientX, clientY) => this.pointAt(clientX, clientY),
  };

  private pointAt(clientX: number, clientY: number): { position: Position; namespace?: string } {
    const rect = this.container.getBoundingClientRect();
    const pan = this.cy.pan();
    const zoom = this.cy.zoom();
    const position = { x: (clientX - rect.left - pan.x) / zoom, y: (clientY - rect.top - pan.y) / zoom };
    let namespace: string | undefined;
    let smallest = Infinity;
    this.cy.nodes('.namespace').forEach((node) => {
      const box = node.boundingBox({ includeLabels: false, includeOverlays: false });
      const area = box.w * box.h;
      if (position.x >= box.x1 && position.x <= box.x2 && position.y >= box.y1 && position.y <= box.y2 && area < smallest) {
        smallest = area;
        namespace = namespaceOfNodeId(node.id());
      }
    });
    return namespace === undefined ? { position } : { position, namespace };
  }

  readonly testHook: CanvasTestHook = {
    nodes: () =>
      this.cy
        .nodes()
        .map((node) => ({
          id: node.id(),
          kind: node.data('kind') as string,
          parent: (node.data('parent') as string | undefined) ?? null,
          label: node.data('label') as string,
          classes: node.classes(),
        }))
        .filter((node) => node.kind !== 'zone'),
    edges: () =>
      this.cy.edges().map((edge) => ({
        id: edge.id(),
        source: edge.source().id(),
        target: edge.target().id(),
        label: edge.data('label') as string,
        classes: edge.classes(),
      })),
    tap: (id) => {
      const element = this.cy.getElementById(id);
      if (element.empty()) throw new Error(`The canvas has no element ${id}.`);
      element.emit('tap');
    },
    layoutDone: () => this.layoutDone,
    viewport: () => ({ zoom: this.cy.zoom(), pan: { ...this.cy.pan() } }),
    renderedCentre: (id) => {
      const element = this.cy.getElementById(id);
      if (element.empty() || !element.isNode()) throw new Error(`The canvas has no node ${id}.`);
      const { x1, x2, y1, y2 } = element.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
      return { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
    },
    position: (id) => {
      const element = this.cy.getElementById(id);
      if (element.empty() || !element.isNode()) throw new Error(`The canvas has no node ${id}.`);
      return { ...element.position() };
    },
  };

  destroy(): void {
    this.setEdgeDrawing(false);
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.cy.destroy();
  }
}
