// Which items of an old sequence become which items of the new one. Editors change, append,
// remove at the end and remove in the middle; the alignment must name exactly the removed
// (or added) item so that its lines alone change, instead of rewriting every later item.

import { dataDistance, deepEqual } from './yamlPatchData';

/** What happens to each old item, and which new items are inserted after which old item. */
export interface SequenceAlignment {
  /** For each old index: the new index it becomes (maybe changed), or undefined when removed. */
  oldToNew: (number | undefined)[];
  /** New items that have no old item, each after the old item `after` (-1: before the first). */
  inserted: { newIndex: number; after: number }[];
}

/** Above this many item comparisons the middle is paired by position instead. */
const MAX_COMPARISONS = 10_000;

/**
 * Equal items at both ends are kept; in the middle, when items were only removed (or only
 * added), the removed ones are those whose removal leaves the remaining items closest to the
 * new ones; when both counts match the items pair by position. A middle with both removals
 * and additions pairs as many as it can: a removal next to an addition is a change.
 */
export function alignSequences(oldItems: readonly unknown[], newItems: readonly unknown[]): SequenceAlignment {
  let prefix = 0;
  while (prefix < oldItems.length && prefix < newItems.length && deepEqual(oldItems[prefix], newItems[prefix])) prefix++;
  let suffix = 0;
  while (
    suffix < oldItems.length - prefix &&
    suffix < newItems.length - prefix &&
    deepEqual(oldItems[oldItems.length - 1 - suffix], newItems[newItems.length - 1 - suffix])
  ) {
    suffix++;
  }
  const oldMiddle = oldItems.slice(prefix, oldItems.length - suffix);
  const newMiddle = newItems.slice(prefix, newItems.length - suffix);
  const pairs = pairMiddle(oldMiddle, newMiddle);

  const oldToNew: (number | undefined)[] = oldItems.map(() => undefined);
  for (let index = 0; index < prefix; index++) oldToNew[index] = index;
  for (let index = 0; index < suffix; index++) oldToNew[oldItems.length - 1 - index] = newItems.length - 1 - index;
  for (const [oldIndex, newIndex] of pairs) oldToNew[prefix + oldIndex] = prefix + newIndex;

  const inserted: SequenceAlignment['inserted'] = [];
  const newToOld = new Map<number, number>();
  oldToNew.forEach((newIndex, oldIndex) => {
    if (newIndex !== undefined) newToOld.set(newIndex, oldIndex);
  });
  let after = -1;
  for (let newIndex = 0; newIndex < newItems.length; newIndex++) {
    const oldIndex = newToOld.get(newIndex);
    if (oldIndex === undefined) inserted.push({ newIndex, after });
    else after = oldIndex;
  }
  return { oldToNew, inserted };
}

/** Pairs of [old index, new index] inside the middle, in order. */
function pairMiddle(oldItems: readonly unknown[], newItems: readonly unknown[]): [number, number][] {
  const shorter = Math.min(oldItems.length, newItems.length);
  if (oldItems.length === newItems.length || shorter === 0 || oldItems.length * newItems.length > MAX_COMPARISONS) {
    return Array.from({ length: shorter }, (_, index): [number, number] => [index, index]);
  }
  // Every item of the shorter side pairs with one of the longer side, in order, at the least
  // total distance: cost[i][j] = best cost pairing the first j short items within the first i long.
  const removing = oldItems.length > newItems.length;
  const long = removing ? oldItems : newItems;
  const short = removing ? newItems : oldItems;
  const cost: number[][] = Array.from({ length: long.length + 1 }, () => new Array<number>(short.length + 1).fill(Infinity));
  (cost[0] as number[])[0] = 0;
  for (let i = 1; i <= long.length; i++) {
    const row = cost[i] as number[];
    const previous = cost[i - 1] as number[];
    row[0] = 0;
    for (let j = 1; j <= Math.min(i, short.length); j++) {
      const skip = previous[j] as number;
      const take = (previous[j - 1] as number) + dataDistance(long[i - 1], short[j - 1]);
      row[j] = Math.min(skip, take);
    }
  }
  const pairs: [number, number][] = [];
  let j = short.length;
  for (let i = long.length; i > 0 && j > 0; i--) {
    const row = cost[i] as number[];
    const previous = cost[i - 1] as number[];
    // Walking back, an item is left unpaired whenever that costs no more: among equally good
    // alignments, the removed (or added) items are the later ones, as for an edit at the end.
    if ((previous[j] as number) <= (row[j] as number) && i - 1 >= j) continue;
    pairs.push(removing ? [i - 1, j - 1] : [j - 1, i - 1]);
    j--;
  }
  return pairs.reverse();
}
