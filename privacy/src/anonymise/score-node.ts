import type { NodeClasses } from './class-counter.ts';
import type { EncodedTable } from './encode-table.ts';
import type { TupleSource } from './tuple-source.ts';

/** What a released class must satisfy, and how many records may be suppressed instead. */
export interface PrivacyCriteria {
  readonly k: number;
  /** Distinct l-diversity on the table's sensitive attribute (0 or 1: none). */
  readonly l: number;
  /** Largest number of records that may be suppressed. */
  readonly maxSuppressed: number;
}

export interface NodeScore {
  /** The node meets the criteria once the records of failing classes are suppressed, within the budget. */
  readonly satisfied: boolean;
  readonly suppressed: number;
  /** Loss metric: mean normalised certainty penalty over records × quasi-identifiers, suppressed records counting 1. */
  readonly loss: number;
  /** The same without suppression (generalisation only): a lower bound of `loss`, monotone in the lattice. */
  readonly generalisationLoss: number;
  /** Discernibility: Σ |class|² over released classes + n per suppressed record. */
  readonly discernibility: number;
}

/** Whether class `c` must be suppressed. */
export function classFails(classes: NodeClasses, c: number, criteria: PrivacyCriteria): boolean {
  return classes.size[c] < criteria.k || (criteria.l > 1 && classes.distinct[c] < criteria.l);
}

/** Scores a node's classes (counted from `source`) against the criteria. */
export function scoreNode(table: EncodedTable, source: TupleSource, classes: NodeClasses, criteria: PrivacyCriteria): NodeScore {
  const { n } = table;
  const { count } = source;
  const m = table.attributes.length;
  let suppressed = 0;
  let discernibility = 0;
  const failing = new Uint8Array(classes.classCount);
  for (let c = 0; c < classes.classCount; c++) {
    const s = classes.size[c];
    if (classFails(classes, c, criteria)) { failing[c] = 1; suppressed += s; } else discernibility += s * s;
  }
  discernibility += suppressed * n;
  let generalised = 0;
  let extra = 0;
  const { classOf, tupleLoss } = classes;
  for (let i = 0; i < source.size; i++) {
    const l = count[i] * tupleLoss[i];
    generalised += l;
    if (failing[classOf[i]]) extra += count[i] * m - l;
  }
  const denominator = n * m || 1;
  return {
    satisfied: suppressed <= criteria.maxSuppressed,
    suppressed,
    loss: (generalised + extra) / denominator,
    generalisationLoss: generalised / denominator,
    discernibility,
  };
}
