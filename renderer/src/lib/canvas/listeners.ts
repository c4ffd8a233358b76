// The one place Cytoscape listeners are registered (CONVENTIONS 8, after edgehandles'
// `listeners.js`): every registration is remembered so one call removes them all, and nothing
// leaks when the canvas unmounts.
import type { Core, EventHandler } from 'cytoscape';

export interface CanvasListener {
  /** Space-separated event names, e.g. `tap` or `dbltap`. */
  events: string;
  /** A selector restricting the targets; omitted for events on the core (background). */
  selector?: string;
  handler: EventHandler;
}

/** Registers the listeners on `cy` and returns the function removing exactly them. */
export function listen(cy: Core, listeners: readonly CanvasListener[]): () => void {
  for (const { events, selector, handler } of listeners) {
    if (selector === undefined) cy.on(events, handler);
    else cy.on(events, selector, handler);
  }
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    for (const { events, selector, handler } of listeners) {
      if (selector === undefined) cy.off(events, handler);
      else cy.off(events, selector, handler);
    }
  };
}
