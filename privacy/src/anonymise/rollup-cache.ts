import type { TupleSource } from './tuple-source.ts';

/**
 * Recently rolled-up nodes, to count a node's classes from the smallest known source below it instead of from
 * every distinct tuple. Bounded in entries and in rows held; the oldest entries go first.
 */
export class RollupCache {
  #entries: { levels: readonly number[]; source: TupleSource }[] = [];
  #rows = 0;

  constructor(private readonly base: TupleSource, private readonly maxEntries = 64, private readonly maxRows = 4 * Math.max(1, base.size)) {}

  /** The smallest cached source whose node is at or below `levels` (the table itself when none is). */
  sourceFor(levels: readonly number[]): TupleSource {
    let best = this.base;
    for (const e of this.#entries) {
      if (e.source.size < best.size && atOrBelow(e.levels, levels)) best = e.source;
    }
    return best;
  }

  add(levels: readonly number[], source: TupleSource): void {
    this.#entries.push({ levels: [...levels], source });
    this.#rows += source.size;
    while (this.#entries.length > this.maxEntries || this.#rows > this.maxRows) this.#rows -= this.#entries.shift()!.source.size;
  }
}

function atOrBelow(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > b[i]) return false;
  return true;
}
