import { Type, type Static } from 'typebox';

/**
 * Generalisation hierarchies as plain data (JSON), so tenants and plugins can supply their own. Level 0 is always
 * the raw value and the last level always the fully generalised `*`; a definition lists the levels in between,
 * from the most specific to the most general. Each level must be a coarsening of the one below it.
 */

/** Fixed-width bands `[origin + i·width, origin + (i+1)·width)`, e.g. 5-year age bands. */
export const WidthBands = Type.Object({
  width: Type.Number({ exclusiveMinimum: 0 }),
  /** Where the bands start (a band boundary). @defaultValue 0 */
  origin: Type.Optional(Type.Number()),
}, { additionalProperties: false });

/** Bands between explicit cut points, ascending: `[c0, c1)`, `[c1, c2)` …, plus `< c0` and `>= cN` at the ends. */
export const CutBands = Type.Object({
  cuts: Type.Array(Type.Number(), { minItems: 1 }),
}, { additionalProperties: false });

export const IntervalLevel = Type.Union([WidthBands, CutBands]);

/** Numeric attribute (numbers or numeric strings): intervals that widen level by level, then `*`. */
export const IntervalHierarchy = Type.Object({
  kind: Type.Literal('interval'),
  levels: Type.Array(IntervalLevel),
  /** Optional short names of the listed levels (same length as `levels`), used to describe the chosen node. */
  levelNames: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
}, { additionalProperties: false });

/**
 * Categorical attribute: every leaf value with its ancestors from its parent upwards, e.g.
 * `{ 'Married-civ-spouse': ['Married'], Divorced: ['Previously-married'] }`. All paths have the same length; a final
 * `*` level is added unless the last listed level already has a single value.
 */
export const TreeHierarchy = Type.Object({
  kind: Type.Literal('tree'),
  paths: Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))),
  levelNames: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
}, { additionalProperties: false });

export const HierarchyDefinition = Type.Union([IntervalHierarchy, TreeHierarchy]);

export type WidthBands = Static<typeof WidthBands>;
export type CutBands = Static<typeof CutBands>;
export type IntervalLevel = Static<typeof IntervalLevel>;
export type IntervalHierarchy = Static<typeof IntervalHierarchy>;
export type TreeHierarchy = Static<typeof TreeHierarchy>;
export type HierarchyDefinition = Static<typeof HierarchyDefinition>;
