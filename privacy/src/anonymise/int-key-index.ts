/**
 * Dense ids for integer keys (0 ≤ key < 2^53): an open-addressing hash table on typed arrays, reused across calls
 * (`reset` is O(1): slots are stamped with an epoch instead of cleared). Much faster than a Map for the millions of
 * lookups a lattice search makes.
 */
export class IntKeyIndex {
  #keys: Float64Array;
  #ids: Int32Array;
  #stamp: Int32Array;
  #epoch = 1;
  #mask: number;
  size = 0;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.#keys = new Float64Array(cap);
    this.#ids = new Int32Array(cap);
    this.#stamp = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  /** Forgets every key (ids start again at 0). */
  reset(): void {
    this.size = 0;
    this.#epoch++;
    if (this.#epoch === 0x7fffffff) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
  }

  /** The id of `key`, assigning the next one when it is new. */
  idOf(key: number): number {
    if (this.size * 2 >= this.#mask) this.#grow();
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 13;
    let slot = h & this.#mask;
    const stamp = this.#stamp;
    const epoch = this.#epoch;
    for (;;) {
      if (stamp[slot] !== epoch) {
        stamp[slot] = epoch;
        this.#keys[slot] = key;
        this.#ids[slot] = this.size;
        return this.size++;
      }
      if (this.#keys[slot] === key) return this.#ids[slot];
      slot = (slot + 1) & this.#mask;
    }
  }

  #grow(): void {
    const [keys, ids, stamp, epoch] = [this.#keys, this.#ids, this.#stamp, this.#epoch];
    const cap = keys.length * 2;
    this.#keys = new Float64Array(cap);
    this.#ids = new Int32Array(cap);
    this.#stamp = new Int32Array(cap);
    this.#mask = cap - 1;
    this.#epoch = 1;
    const size = this.size;
    for (let s = 0; s < keys.length; s++) {
      if (stamp[s] !== epoch) continue;
      // Re-insert with the old id.
      this.size = ids[s];
      this.idOf(keys[s]);
    }
    this.size = size;
  }
}
