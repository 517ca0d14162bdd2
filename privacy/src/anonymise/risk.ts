/** Prosecutor re-identification risk of released records: a record in a class of size s is picked out with 1/s. */
export interface ProsecutorRisk {
  /** Highest 1/|class| over released records (0 when nothing is released). */
  readonly max: number;
  /** Mean 1/|class| over released records = classes / released records. */
  readonly avg: number;
  /** Share of released records whose 1/|class| exceeds `threshold`. */
  readonly atRiskShare: number;
  readonly threshold: number;
  /** Share of released records that are alone in their class (risk 1). */
  readonly uniqueShare: number;
}

/** Risk from the sizes of the released classes. */
export function prosecutorRisk(classSizes: Iterable<number>, threshold: number): ProsecutorRisk {
  let released = 0;
  let classes = 0;
  let min = Infinity;
  let atRisk = 0;
  let unique = 0;
  for (const s of classSizes) {
    if (s <= 0) continue;
    released += s;
    classes++;
    if (s < min) min = s;
    if (1 / s > threshold) atRisk += s;
    if (s === 1) unique++;
  }
  if (!released) return { max: 0, avg: 0, atRiskShare: 0, threshold, uniqueShare: 0 };
  return { max: 1 / min, avg: classes / released, atRiskShare: atRisk / released, threshold, uniqueShare: unique / released };
}
