import type { EncodedTable } from './encode-table.ts';
import type { NodeClasses } from './class-counter.ts';

/**
 * Rows the class counter groups: the table's distinct tuples, or a node's classes rolled up into one row each
 * (one per class and sensitive value with l-diversity). Because hierarchies are functional, every tuple of a class
 * of node X falls into the same class of any node above X, so a node's classes can be counted from the rows of any
 * node below it, and near the top of the lattice those are few (ARX's "roll-up").
 */
export interface TupleSource {
  readonly size: number;
  /** Row → records. */
  readonly count: Int32Array;
  /** Row → a representative tuple of the table (its leaf codes stand for the whole row). */
  readonly rep: Int32Array;
  /** Row → sensitive code (rows sorted by it), or null without l-diversity. */
  readonly sensitive: Int32Array | null;
}

/** The table's own tuples. */
export function tableSource(table: EncodedTable): TupleSource {
  return { size: table.size, count: table.count, rep: Int32Array.from({ length: table.size }, (_, i) => i), sensitive: table.sensitive };
}

/** A node's classes (counted from `source`) as a new, smaller source: one row per class (and sensitive value). */
export function rollUp(source: TupleSource, classes: NodeClasses): TupleSource {
  const { classOf, classCount } = classes;
  const rowOf = new Int32Array(classCount).fill(-1);
  const lastSensitive = new Int32Array(classCount).fill(-1);
  const count: number[] = [];
  const rep: number[] = [];
  const sensitive: number[] = [];
  const sens = source.sensitive;
  for (let i = 0; i < source.size; i++) {
    const c = classOf[i];
    // Rows come sorted by sensitive code, so a (class, value) pair appears in one run.
    const s = sens ? sens[i] : 0;
    if (rowOf[c] < 0 || lastSensitive[c] !== s) {
      rowOf[c] = count.length;
      lastSensitive[c] = s;
      count.push(0);
      rep.push(source.rep[i]);
      sensitive.push(s);
    }
    count[rowOf[c]] += source.count[i];
  }
  return { size: count.length, count: Int32Array.from(count), rep: Int32Array.from(rep), sensitive: sens ? Int32Array.from(sensitive) : null };
}
