/** A binary min-heap of (priority, id) pairs; ties go to the smaller id, so pops are deterministic. */
export class MinHeap {
  #priority: number[] = [];
  #id: number[] = [];

  get size(): number {
    return this.#id.length;
  }

  push(priority: number, id: number): void {
    const p = this.#priority;
    const ids = this.#id;
    let i = ids.length;
    p.push(priority);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(priority, id, p[parent], ids[parent])) break;
      p[i] = p[parent];
      ids[i] = ids[parent];
      i = parent;
    }
    p[i] = priority;
    ids[i] = id;
  }

  /** The smallest pair's priority (heap must not be empty). */
  peekPriority(): number {
    return this.#priority[0];
  }

  /** Removes and returns the smallest pair's id (heap must not be empty). */
  pop(): number {
    const p = this.#priority;
    const ids = this.#id;
    const top = ids[0];
    const lastP = p.pop()!;
    const lastId = ids.pop()!;
    const n = ids.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.#less(p[r], ids[r], p[l], ids[l]) ? r : l;
        if (!this.#less(p[c], ids[c], lastP, lastId)) break;
        p[i] = p[c];
        ids[i] = ids[c];
        i = c;
      }
      p[i] = lastP;
      ids[i] = lastId;
    }
    return top;
  }

  #less(pa: number, ia: number, pb: number, ib: number): boolean {
    return pa < pb || (pa === pb && ia < ib);
  }
}
