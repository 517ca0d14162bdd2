import type { EncodedTable } from './encode-table.ts';
import { IntKeyIndex } from './int-key-index.ts';
import type { TupleSource } from './tuple-source.ts';

/** Equivalence classes of one lattice node. The arrays are the counter's buffers: valid until its next `count`. */
export interface NodeClasses {
  readonly classCount: number;
  /** Source row → class id (first `source.size` entries). */
  readonly classOf: Int32Array;
  /** Class → records (first `classCount` entries). */
  readonly size: Int32Array;
  /** Class → distinct sensitive values (meaningful when the table has a sensitive attribute). */
  readonly distinct: Int32Array;
  /** Source row → sum over quasi-identifiers of the normalised certainty penalty at this node. */
  readonly tupleLoss: Float64Array;
}

/** Keys below this bound are numbered through a direct-address table instead of the hash. */
const DENSE_LIMIT = 1 << 20;
/** Composite keys stay exact below 2^52 (key · card + code must not lose integer precision). */
const KEY_LIMIT = 2 ** 52;

/**
 * Groups rows (the table's distinct tuples, or the classes of a node below) into equivalence classes for a node (a
 * generalisation level per quasi-identifier): a mixed-radix key per row from the per-level group codes, numbered
 * densely. Buffers are sized for the table and reused, so counting allocates nothing per node.
 */
export class ClassCounter {
  readonly #table: EncodedTable;
  readonly #key: Float64Array;
  readonly #classOf: Int32Array;
  readonly #size: Int32Array;
  readonly #distinct: Int32Array;
  readonly #lastSensitive: Int32Array;
  readonly #tupleLoss: Float64Array;
  readonly #index: IntKeyIndex;
  #dense: Int32Array | null = null;
  #denseStamp: Int32Array | null = null;
  #epoch = 0;

  constructor(table: EncodedTable) {
    const d = Math.max(1, table.size);
    this.#table = table;
    this.#key = new Float64Array(d);
    this.#classOf = new Int32Array(d);
    this.#size = new Int32Array(d);
    this.#distinct = new Int32Array(d);
    this.#lastSensitive = new Int32Array(d);
    this.#tupleLoss = new Float64Array(d);
    this.#index = new IntKeyIndex(d);
  }

  /** Classes of the node `levels`, from `source` (which must come from a node at or below it). */
  count(levels: readonly number[], source: TupleSource): NodeClasses {
    const t = this.#table;
    const d = source.size;
    const rep = source.rep;
    const key = this.#key;
    const tupleLoss = this.#tupleLoss;
    key.fill(0, 0, d);
    tupleLoss.fill(0, 0, d);
    let product = 1;
    for (let a = 0; a < t.attributes.length; a++) {
      const attr = t.attributes[a];
      const level = levels[a];
      const map = attr.codes[level];
      const loss = attr.loss[level];
      const codes = t.tupleCodes[a];
      const card = attr.cards[level];
      if (card === 1) {
        for (let i = 0; i < d; i++) tupleLoss[i] += loss[codes[rep[i]]];
        continue;
      }
      if (product * card >= KEY_LIMIT) product = this.#renumber(key, d, product);
      for (let i = 0; i < d; i++) {
        const c = codes[rep[i]];
        key[i] = key[i] * card + map[c];
        tupleLoss[i] += loss[c];
      }
      product *= card;
    }
    const classOf = this.#classOf;
    const classCount = this.#number(key, classOf, d, product);
    const size = this.#size;
    size.fill(0, 0, classCount);
    const count = source.count;
    for (let i = 0; i < d; i++) size[classOf[i]] += count[i];
    const distinct = this.#distinct;
    if (source.sensitive) {
      // Rows are sorted by sensitive code: a class sees each of its values in one run.
      const last = this.#lastSensitive;
      const sens = source.sensitive;
      distinct.fill(0, 0, classCount);
      last.fill(-1, 0, classCount);
      for (let i = 0; i < d; i++) {
        const c = classOf[i];
        if (last[c] !== sens[i]) { last[c] = sens[i]; distinct[c]++; }
      }
    }
    return { classCount, classOf, size, distinct, tupleLoss };
  }

  /** Replaces keys by dense ids; returns how many there are. */
  #renumber(key: Float64Array, d: number, product: number): number {
    const ids = this.#classOf;
    const n = this.#number(key, ids, d, product);
    for (let i = 0; i < d; i++) key[i] = ids[i];
    return n;
  }

  /** Writes a dense id per key into `out`; returns the number of distinct keys. */
  #number(key: Float64Array, out: Int32Array, d: number, product: number): number {
    if (product <= DENSE_LIMIT) {
      if (!this.#dense || this.#dense.length < product) {
        const cap = Math.min(DENSE_LIMIT, Math.max(product, 1024));
        this.#dense = new Int32Array(cap);
        this.#denseStamp = new Int32Array(cap);
        this.#epoch = 0;
      }
      const dense = this.#dense;
      const stamp = this.#denseStamp!;
      if (++this.#epoch === 0x7fffffff) { stamp.fill(0); this.#epoch = 1; }
      const epoch = this.#epoch;
      let next = 0;
      for (let i = 0; i < d; i++) {
        const k = key[i];
        if (stamp[k] !== epoch) { stamp[k] = epoch; dense[k] = next++; }
        out[i] = dense[k];
      }
      return next;
    }
    const index = this.#index;
    index.reset();
    for (let i = 0; i < d; i++) out[i] = index.idOf(key[i]);
    return index.size;
  }
}
