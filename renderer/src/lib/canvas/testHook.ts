// Installs the canvas's read-only test hook on `window.__netpolCanvas` (CONVENTIONS 9: end-to-end
// tests read Cytoscape state through it, never pixels) and removes it again on unmount.
import type { CanvasTestHook } from './canvasTypes';

declare global {
  interface Window {
    __netpolCanvas?: CanvasTestHook;
  }
}

/** Installs `hook`; the returned function removes it, unless another canvas has replaced it since. */
export function installTestHook(hook: CanvasTestHook): () => void {
  window.__netpolCanvas = hook;
  return () => {
    if (window.__netpolCanvas === hook) delete window.__netpolCanvas;
  };
}
