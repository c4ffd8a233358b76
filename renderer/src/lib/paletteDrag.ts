// Dragging palette items onto the canvas: the items and the drag data type that tells their drop
// apart from files dropped on the window (App.svelte opens those).
import type { PaletteItem } from './paletteOperations';

export const PALETTE_DRAG_TYPE = 'application/x-netpol-designer-palette';

export const PALETTE_ITEMS: readonly { kind: PaletteItem; label: string }[] = [
  { kind: 'namespace', label: 'Namespace' },
  { kind: 'workload', label: 'Workload' },
  { kind: 'external', label: 'External block' },
];

/** The palette item a drag carries, or undefined for any other drag. */
export function paletteItemOf(dataTransfer: DataTransfer | null | undefined): PaletteItem | undefined {
  const kind = dataTransfer?.getData(PALETTE_DRAG_TYPE);
  return PALETTE_ITEMS.find((item) => item.kind === kind)?.kind;
}

/** Whether a drag (before its drop, when its data cannot be read yet) carries a palette item. */
export function carriesPaletteItem(dataTransfer: DataTransfer | null | undefined): boolean {
  return dataTransfer?.types.includes(PALETTE_DRAG_TYPE) ?? false;
}
