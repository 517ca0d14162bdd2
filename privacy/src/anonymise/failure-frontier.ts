/**
 * The maximal nodes known to fail the privacy criteria. Failing is inherited downwards (a node below a failing
 * node merges fewer classes, so it suppresses at least as many records), so any node at or below a member fails
 * too and need not be evaluated ("predictive tagging" as in ARX's Flash). Kept as an antichain: adding a node drops
 * the members it covers.
 */
export class FailureFrontier {
  #members: number[][] = [];

  get size(): number {
    return this.#members.length;
  }

  /** True when `levels` lies at or below a known failing node. */
  covers(levels: readonly number[]): boolean {
    return this.#members.some((f) => atOrBelow(levels, f));
  }

  add(levels: readonly number[]): void {
    if (this.covers(levels)) return;
    this.#members = this.#members.filter((f) => !atOrBelow(f, levels));
    this.#members.push([...levels]);
  }
}

/** Every level of a is at most the level of b. */
function atOrBelow(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > b[i]) return false;
  return true;
}
