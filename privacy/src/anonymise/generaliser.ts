/** A leaf key: the normalised raw value an attribute's hierarchy knows (a number for intervals, a string for trees). */
export type LeafKey = string | number;

/**
 * A validated hierarchy, ready to generalise values. Level 0 is the raw value, level `height - 1` the top (`*`);
 * levels in between come from the definition.
 */
export interface Generaliser {
  readonly attribute: string;
  readonly kind: 'interval' | 'tree';
  /** Number of levels, raw and top included (≥ 2). */
  readonly height: number;
  /** One short name per level: 'raw', the definition's names (or `L1`, `L2` …), then the top's label. */
  readonly levelNames: readonly string[];
  /** The leaf key of a raw cell value, or undefined when the hierarchy does not cover it. */
  key(value: unknown): LeafKey | undefined;
  /** The generalised label of a leaf at an intermediate level (1 … height - 2). */
  label(key: LeafKey, level: number): string;
  /** The top level's label. */
  readonly top: string;
  /**
   * Normalised certainty penalty (0 … 1) of a group at an intermediate level, given the observed leaf keys that fall
   * into it and every observed leaf key of the attribute.
   */
  groupLoss(level: number, label: string, members: readonly LeafKey[], domain: readonly LeafKey[]): number;
}
