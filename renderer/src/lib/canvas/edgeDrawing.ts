// Drag to draw (design mode): dragging from one endpoint to another reports the pair, with
// cytoscape-edgehandles drawing the ghost edge during the gesture. The drawn edge is removed at
// the drop: the canvas stays a projection (CONVENTIONS 8), the real edge comes with the snapshot
// after the allow is applied.
import type { Collection, Core, EventObject, NodeSingular } from 'cytoscape';
import cytoscape from 'cytoscape';
import edgehandles from 'cytoscape-edgehandles';
import { listen } from './listeners';

let registered = false;

/** Registers edgehandles with Cytoscape once per page. */
function registerEdgehandles(): void {
  if (registered) return;
  cytoscape.use(edgehandles);
  registered = true;
}

const ENDPOINT_KINDS: ReadonlySet<string> = new Set(['workload', 'namespace', 'external']);

/** Whether a node is an endpoint traffic can be allowed from or to (not a zone, not a ghost). */
export function isDrawEndpoint(node: NodeSingular): boolean {
  return ENDPOINT_KINDS.has(node.data('kind') as string);
}

/**
 * Turns drag to draw on: nodes are no longer moved by dragging (edgehandles' draw mode), a drag
 * from an endpoint to another calls `onDraw(source, destination)`. Returns the function turning it off.
 */
export function enableEdgeDrawing(cy: Core, onDraw: (source: string, destination: string) => void): () => void {
  registerEdgehandles();
  const handles = cy.edgehandles({
    canConnect: (source, target) => !source.same(target) && isDrawEndpoint(source) && isDrawEndpoint(target),
    edgeParams: () => ({ data: { label: '' } }),
    hoverDelay: 50,
    // Snapping picks the nearest node, which on compound graphs is often the namespace box.
    snap: false,
    snapThreshold: 0,
    snapFrequency: 15,
    noEdgeEventsInDraw: true,
    disableBrowserGestures: true,
  });
  handles.enableDrawMode();
  const removeListeners = listen(cy, [
    {
      events: 'ehcomplete',
      handler: (_event: EventObject, ...args: unknown[]) => {
        const [source, target, added] = args as [NodeSingular, NodeSingular, Collection];
        added.remove();
        onDraw(source.id(), target.id());
      },
    },
  ]);
  return () => {
    removeListeners();
    handles.disableDrawMode();
    handles.destroy();
  };
}
