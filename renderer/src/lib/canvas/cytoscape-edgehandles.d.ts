// The part of cytoscape-edgehandles (4.x, untyped) that the design canvas uses.
declare module 'cytoscape-edgehandles' {
  import type { ElementDefinition, Ext, NodeSingular } from 'cytoscape';

  export interface EdgeHandlesOptions {
    canConnect?(source: NodeSingular, target: NodeSingular): boolean;
    edgeParams?(source: NodeSingular, target: NodeSingular): Partial<ElementDefinition>;
    hoverDelay?: number;
    snap?: boolean;
    snapThreshold?: number;
    snapFrequency?: number;
    noEdgeEventsInDraw?: boolean;
    disableBrowserGestures?: boolean;
  }

  export interface EdgeHandlesInstance {
    enableDrawMode(): void;
    disableDrawMode(): void;
    destroy(): void;
  }

  const edgehandles: Ext;
  export default edgehandles;

  module 'cytoscape' {
    interface Core {
      edgehandles(options?: EdgeHandlesOptions): EdgeHandlesInstance;
    }
  }
}
