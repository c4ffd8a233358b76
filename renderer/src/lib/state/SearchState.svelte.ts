import type { ReviewSnapshot } from '../../../../electron/common/review';
import { findWorkloads } from '../reviewQueries';

/** The toolbar's "Find workload" box: the query, its matches, and which match is current. */
export class SearchState {
  // Replaced by the constructor; `matches` reads it lazily, after construction.
  #snapshot: () => ReviewSnapshot | undefined = () => undefined;
  query = $state('');
  /** Index of the current match in `matches`, or -1 before the first jump. */
  current = $state(-1);
  /** Raised by the find command; the search box focuses itself when it changes. */
  focusRequests = $state(0);
  /** Workload ids matching the query (derived lazily, so the snapshot getter may read later state). */
  readonly matches = $derived(findWorkloads(this.#snapshot(), this.query));

  constructor(snapshot: () => ReviewSnapshot | undefined) {
    this.#snapshot = snapshot;
  }

  setQuery(query: string): void {
    this.query = query;
    this.current = -1;
  }

  /** The next (or previous) match, wrapping around; undefined when nothing matches. */
  step(direction: 1 | -1): string | undefined {
    const count = this.matches.length;
    if (count === 0) return undefined;
    this.current = this.current < 0 ? (direction === 1 ? 0 : count - 1) : (this.current + direction + count) % count;
    return this.matches[this.current];
  }

  requestFocus(): void {
    this.focusRequests++;
  }
}
