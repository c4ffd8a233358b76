// What a tap on the canvas means: a new selection, and possibly a pair to explain (an edge, or
// the second end of a pair the user is picking).
import type { ReviewSnapshot } from '../../../electron/common/review';
import { isEndpointId, type Selection, selectionForNode } from './reviewQueries';

export interface TapOutcome {
  selection: Selection;
  /** The pair to explain now, if the tap asks for one. */
  explain?: { source: string; destination: string };
  /** Whether picking a destination goes on after this tap. */
  keepPicking: boolean;
}

/** A node tapped, while `pickingFrom` holds the source of a pair being picked (or nothing). */
export function outcomeOfNodeTap(snapshot: ReviewSnapshot | undefined, pickingFrom: string | undefined, id: string): TapOutcome {
  const selection = selectionForNode(snapshot, id);
  if (pickingFrom === undefined) return { selection, keepPicking: false };
  // A namespace or the external zone is no endpoint: picking goes on until one is tapped.
  if (!isEndpointId(snapshot, id)) return { selection, keepPicking: true };
  return { selection, explain: { source: pickingFrom, destination: id }, keepPicking: false };
}

/** An edge tapped: explained when both ends are endpoints (not collapsed namespaces). */
export function outcomeOfEdgeTap(snapshot: ReviewSnapshot | undefined, source: string, destination: string): TapOutcome {
  const selection: Selection = { kind: 'edge', source, destination };
  const explainable = isEndpointId(snapshot, source) && isEndpointId(snapshot, destination);
  return explainable ? { selection, explain: { source, destination }, keepPicking: false } : { selection, keepPicking: false };
}
