import { Compile } from 'typebox/compile';
import { anonymiseError } from './errors.ts';
import { schemaProblem } from './schema-problem.ts';
import type { Generaliser, LeafKey } from './generaliser.ts';
import { IntervalHierarchy, type IntervalLevel } from './hierarchy.schema.ts';

const checker = Compile(IntervalHierarchy);

/** True when a / b is (within float noise) a whole number. */
function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

function describe(level: IntervalLevel): string {
  return 'width' in level ? `width ${level.width}${level.origin ? ` from ${level.origin}` : ''}` : `cuts ${level.cuts.join(', ')}`;
}

/** Why `upper` is not a coarsening of `lower` (every band of `upper` a union of bands of `lower`), or null. */
function coarseningProblem(lower: IntervalLevel, upper: IntervalLevel): string | null {
  if ('width' in lower) {
    const origin = lower.origin ?? 0;
    if ('width' in upper) {
      if (!isMultiple(upper.width, lower.width)) return `width ${upper.width} is not a multiple of ${lower.width}`;
      if (!isMultiple((upper.origin ?? 0) - origin, lower.width)) return `origin ${upper.origin ?? 0} is not on a boundary of the bands below`;
      return null;
    }
    const off = upper.cuts.find((c) => !isMultiple(c - origin, lower.width));
    return off === undefined ? null : `cut ${off} is not on a boundary of the ${lower.width}-wide bands below`;
  }
  if ('width' in upper) return 'fixed-width bands cannot follow cut points (the open end bands do not fit in a band)';
  const known = new Set(lower.cuts);
  const off = upper.cuts.find((c) => !known.has(c));
  return off === undefined ? null : `cut ${off} is not a cut of the level below`;
}

function fmt(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}

/** The band label of a value at one level. */
function band(level: IntervalLevel, v: number): string {
  if ('width' in level) {
    const origin = level.origin ?? 0;
    const lo = origin + Math.floor((v - origin) / level.width + 1e-12) * level.width;
    return `[${fmt(lo)}, ${fmt(lo + level.width)})`;
  }
  const { cuts } = level;
  if (v < cuts[0]) return `< ${fmt(cuts[0])}`;
  if (v >= cuts[cuts.length - 1]) return `>= ${fmt(cuts[cuts.length - 1])}`;
  let lo = 0;
  let hi = cuts.length - 1; // cuts[lo] <= v < cuts[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid] <= v) lo = mid; else hi = mid;
  }
  return `[${fmt(cuts[lo])}, ${fmt(cuts[hi])})`;
}

/** Parses a numeric cell: a finite number or a string holding one. */
export function numericKey(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Validates an interval hierarchy (shape, then that each level coarsens the previous one) and compiles it. */
export function compileIntervalHierarchy(attribute: string, definition: unknown): Generaliser {
  const bad = (why: string) => anonymiseError('PRIVACY_ERR_ANON_INVALID_HIERARCHY', [attribute, why]);
  const problem = schemaProblem(checker, definition, 'the definition');
  if (problem) throw bad(problem);
  const def = definition as IntervalHierarchy;
  def.levels.forEach((level, i) => {
    if ('width' in level && (!Number.isFinite(level.width) || !Number.isFinite(level.origin ?? 0))) throw bad(`levels[${i}] must use finite numbers`);
    if ('cuts' in level) {
      if (!level.cuts.every(Number.isFinite)) throw bad(`levels[${i}].cuts must be finite numbers`);
      for (let j = 1; j < level.cuts.length; j++) if (!(level.cuts[j] > level.cuts[j - 1])) throw bad(`levels[${i}].cuts must be strictly ascending (${level.cuts[j - 1]} then ${level.cuts[j]})`);
    }
    if (i > 0) {
      const problem = coarseningProblem(def.levels[i - 1], level);
      if (problem) throw bad(`levels[${i}] (${describe(level)}) does not coarsen levels[${i - 1}] (${describe(def.levels[i - 1])}): ${problem}`);
    }
  });
  if (def.levelNames && def.levelNames.length !== def.levels.length) throw bad(`levelNames has ${def.levelNames.length} names for ${def.levels.length} levels`);
  const levels = def.levels;
  return {
    attribute,
    kind: 'interval',
    height: levels.length + 2,
    levelNames: ['raw', ...levels.map((l, i) => def.levelNames?.[i] ?? describe(l)), '*'],
    top: '*',
    key: numericKey,
    label: (key: LeafKey, level: number) => band(levels[level - 1], key as number),
    groupLoss(_level: number, _label: string, members: readonly LeafKey[], domain: readonly LeafKey[]): number {
      let dmin = Infinity;
      let dmax = -Infinity;
      for (const d of domain) { dmin = Math.min(dmin, d as number); dmax = Math.max(dmax, d as number); }
      if (!(dmax > dmin)) return 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (const m of members) { lo = Math.min(lo, m as number); hi = Math.max(hi, m as number); }
      return (hi - lo) / (dmax - dmin);
    },
  };
}
