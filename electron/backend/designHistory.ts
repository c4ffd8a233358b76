// Undo and redo over whole Designs. Each recorded step is the design after one operation, with
// the step's name ("Add workload backend"). Designs share every unchanged object with their
// neighbours, so keeping hundreds of them costs little. Dirty means the current design differs
// from the one last opened or saved, by content: adding a namespace and deleting it again is
// clean, and so is undoing back to the saved state.
import type { Design } from '../common/model';

/** Steps kept by default; the issue asks for at least 100. */
export const DEFAULT_HISTORY_LIMIT = 200;

/** Where a design was read from says nothing about what it is. */
const IGNORED_KEYS: ReadonlySet<string> = new Set(['source', 'fieldPositions']);

/** Structural equality of plain data (objects, arrays, primitives), ignoring source positions. */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => samePlainData(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = (record: Record<string, unknown>) => Object.keys(record).filter((key) => !IGNORED_KEYS.has(key) && record[key] !== undefined);
  const leftKeys = keys(left);
  const rightKeys = keys(right);
  return leftKeys.length === rightKeys.length && leftKeys.every((key) => Object.hasOwn(right, key) && samePlainData(left[key], right[key]));
}

export class DesignHistory {
  /** states[index] is the current design; labels[i] names the step that made states[i]. */
  private states: Design[];
  private labels: string[];
  private index = 0;
  private saved: Design;
  private dirtyMemo: { current: Design; saved: Design; dirty: boolean } | undefined;

  constructor(
    initial: Design,
    private readonly limit = DEFAULT_HISTORY_LIMIT,
  ) {
    this.states = [initial];
    this.labels = [''];
    this.saved = initial;
  }

  get current(): Design {
    return this.states[this.index] as Design;
  }

  /** Records the design after an operation as one step; a design identical to the current one is no step. */
  record(design: Design, label: string): boolean {
    if (design === this.current) return false;
    this.states = [...this.states.slice(0, this.index + 1), design];
    this.labels = [...this.labels.slice(0, this.index + 1), label];
    const excess = this.states.length - 1 - this.limit;
    if (excess > 0) {
      this.states = this.states.slice(excess);
      this.labels = this.labels.slice(excess);
      this.labels[0] = '';
    }
    this.index = this.states.length - 1;
    return true;
  }

  get canUndo(): boolean {
    return this.index > 0;
  }

  get canRedo(): boolean {
    return this.index < this.states.length - 1;
  }

  /** The step an undo would take back. */
  get undoLabel(): string | undefined {
    return this.canUndo ? this.labels[this.index] : undefined;
  }

  get redoLabel(): string | undefined {
    return this.canRedo ? this.labels[this.index + 1] : undefined;
  }

  undo(): boolean {
    if (!this.canUndo) return false;
    this.index--;
    return true;
  }

  redo(): boolean {
    if (!this.canRedo) return false;
    this.index++;
    return true;
  }

  /**
   * Changes every design of the history the same way without adding a step: for view state
   * (positions), which undo should never move back.
   */
  updateEvery(change: (design: Design) => Design): void {
    this.states = this.states.map(change);
  }

  /** `design` (the current one unless given: a save may finish after further edits) is what the file now holds. */
  markSaved(design: Design = this.current): void {
    this.saved = design;
  }

  get dirty(): boolean {
    const current = this.current;
    const memo = this.dirtyMemo;
    if (memo && memo.current === current && memo.saved === this.saved) return memo.dirty;
    const dirty = !samePlainData(current, this.saved);
    this.dirtyMemo = { current, saved: this.saved, dirty };
    return dirty;
  }
}
