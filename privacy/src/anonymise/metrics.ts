import type { NodeClasses } from './class-counter.ts';
import type { EncodedTable } from './encode-table.ts';
import { prosecutorRisk, type ProsecutorRisk } from './risk.ts';
import { classFails, scoreNode, type PrivacyCriteria } from './score-node.ts';
import type { TupleSource } from './tuple-source.ts';

/** Information loss and re-identification risk of an anonymised table. */
export interface AnonymisationMetrics {
  readonly records: number;
  readonly released: number;
  readonly suppressed: number;
  /** suppressed / records. */
  readonly suppressedShare: number;
  /** Released equivalence classes. */
  readonly classes: number;
  readonly minClassSize: number;
  /** Loss metric (Iyengar) / normalised certainty penalty, 0 … 1: mean over records and quasi-identifiers; a suppressed record counts 1. */
  readonly loss: number;
  /** Loss from generalisation alone (every record as generalised, none suppressed). */
  readonly generalisationLoss: number;
  /** Per quasi-identifier, the same mean penalty (suppressed records count 1). */
  readonly lossByAttribute: Readonly<Record<string, number>>;
  /** Discernibility metric (Bayardo & Agrawal): Σ |class|² over released classes + records × suppressed. */
  readonly discernibility: number;
  /** Released records / released classes. */
  readonly avgClassSize: number;
  /** Normalised average class size metric C_AVG (LeFevre et al.): avgClassSize / k (1 is ideal). */
  readonly cavg: number;
  readonly risk: ProsecutorRisk;
}

/** Full metrics of a node's classes (the search itself only needs `scoreNode`). */
export function nodeMetrics(table: EncodedTable, source: TupleSource, classes: NodeClasses, levels: readonly number[], criteria: PrivacyCriteria, riskThreshold: number): AnonymisationMetrics {
  const score = scoreNode(table, source, classes, criteria);
  const released: number[] = [];
  const failing = new Uint8Array(classes.classCount);
  let minClassSize = Infinity;
  for (let c = 0; c < classes.classCount; c++) {
    if (classFails(classes, c, criteria)) { failing[c] = 1; continue; }
    released.push(classes.size[c]);
    minClassSize = Math.min(minClassSize, classes.size[c]);
  }
  const n = table.n;
  const lossByAttribute: Record<string, number> = {};
  table.attributes.forEach((attr, a) => {
    const loss = attr.loss[levels[a]];
    const codes = table.tupleCodes[a];
    let sum = 0;
    for (let i = 0; i < source.size; i++) sum += source.count[i] * (failing[classes.classOf[i]] ? 1 : loss[codes[source.rep[i]]]);
    lossByAttribute[attr.name] = n ? sum / n : 0;
  });
  const releasedRecords = n - score.suppressed;
  const avgClassSize = released.length ? releasedRecords / released.length : 0;
  return {
    records: n,
    released: releasedRecords,
    suppressed: score.suppressed,
    suppressedShare: n ? score.suppressed / n : 0,
    classes: released.length,
    minClassSize: released.length ? minClassSize : 0,
    loss: score.loss,
    generalisationLoss: score.generalisationLoss,
    lossByAttribute,
    discernibility: score.discernibility,
    avgClassSize,
    cavg: avgClassSize / criteria.k,
    risk: prosecutorRisk(released, riskThreshold),
  };
}
