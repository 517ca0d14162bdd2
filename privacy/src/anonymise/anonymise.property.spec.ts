import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anonymise } from './anonymise.ts';
import type { AnonymiseOptions } from './anonymise-options.ts';
import { compileHierarchy } from './hierarchy.ts';
import type { HierarchyDefinition, IntervalHierarchy, TreeHierarchy } from './hierarchy.schema.ts';
import type { AppError } from '../../../server/src/errors/app-error.ts';

// Random small tables with random hierarchies; the search's answer is checked against the criteria on the output
// itself and against a brute-force oracle written independently of the implementation (string keys, every node).

const LEAVES = ['a', 'b', 'c', 'd', 'e', 'f'];
const SENSITIVE = ['x', 'y', 'z'];

const intervalDef: fc.Arbitrary<IntervalHierarchy> = fc.oneof(
  fc.record({ base: fc.constantFrom<number>(1, 2, 3, 5), origin: fc.integer({ min: -3, max: 3 }), factors: fc.array(fc.constantFrom(2, 3), { maxLength: 2 }) }).map(({ base, origin, factors }) => {
    const widths = [base];
    for (const f of factors) widths.push(widths[widths.length - 1] * f);
    return { kind: 'interval' as const, levels: widths.map((width) => ({ width, origin: origin * base })) };
  }),
  fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 5 }).chain((cuts) => {
    const sorted = [...cuts].sort((x, y) => x - y);
    return fc.subarray(sorted, { minLength: 1 }).map((upper) => ({ kind: 'interval' as const, levels: [{ cuts: sorted }, { cuts: upper }] }));
  }),
  fc.constant<IntervalHierarchy>({ kind: 'interval', levels: [] }),
);

const treeDef: fc.Arbitrary<TreeHierarchy> = fc.record({
  depth: fc.integer({ min: 0, max: 2 }),
  group: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
  tier: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }),
}).map(({ depth, group, tier }) => ({
  kind: 'tree' as const,
  paths: Object.fromEntries(LEAVES.map((leaf, i) => [leaf, [`g${group[i]}`, `t${tier[group[i]]}`].slice(0, depth)])),
}));

interface Case {
  defs: HierarchyDefinition[];
  rows: Record<string, string | number>[];
  k: number;
  l: number | undefined;
  maxSuppression: number;
}

const caseArb: fc.Arbitrary<Case> = fc.array(fc.oneof(intervalDef, treeDef), { minLength: 1, maxLength: 3 }).chain((defs) => fc.record({
  defs: fc.constant(defs),
  rows: fc.array(fc.tuple(...defs.map((d) => (d.kind === 'interval' ? fc.integer({ min: 0, max: 35 }) as fc.Arbitrary<string | number> : fc.constantFrom(...LEAVES))), fc.constantFrom(...SENSITIVE)), { maxLength: 40 })
    .map((tuples) => tuples.map((t, id) => ({ id, ...Object.fromEntries(defs.map((_, a) => [`q${a}`, t[a]])), s: t[defs.length] }))),
  k: fc.integer({ min: 1, max: 6 }),
  l: fc.constantFrom(undefined, 1, 2, 3),
  maxSuppression: fc.constantFrom(0, 0.05, 0.1, 0.3, 1),
}));

function options(c: Case, k = c.k): AnonymiseOptions {
  return {
    quasiIdentifiers: c.defs.map((_, a) => `q${a}`),
    hierarchies: Object.fromEntries(c.defs.map((d, a) => [`q${a}`, d])),
    k,
    maxSuppression: c.maxSuppression,
    ...(c.l !== undefined ? { l: c.l, sensitive: 's' } : {}),
  };
}

// ---- the oracle ----

function height(def: HierarchyDefinition): number {
  if (def.kind === 'interval') return def.levels.length + 2;
  const leaves = Object.keys(def.paths);
  const depth = def.paths[leaves[0]].length;
  const lastIsTop = depth > 0 && new Set(leaves.map((l) => def.paths[l][depth - 1])).size === 1;
  return (lastIsTop ? depth - 1 : depth) + 2;
}

/** Identity of the group of value v at a level (not its label). */
function group(def: HierarchyDefinition, v: string | number, level: number): string {
  if (level === 0) return `raw ${v}`;
  if (level === height(def) - 1) return '*';
  if (def.kind === 'tree') return def.paths[v as string][level - 1];
  const band = def.levels[level - 1];
  if ('width' in band) return `w${Math.floor(((v as number) - (band.origin ?? 0)) / band.width)}`;
  return `c${band.cuts.filter((c) => c <= (v as number)).length}`;
}

function penalty(def: HierarchyDefinition, v: string | number, level: number, observed: (string | number)[]): number {
  if (level === 0) return 0;
  if (level === height(def) - 1) return 1;
  const g = group(def, v, level);
  if (def.kind === 'tree') {
    const leaves = Object.keys(def.paths);
    const inGroup = leaves.filter((leaf) => group(def, leaf, level) === g).length;
    return leaves.length > 1 ? (inGroup - 1) / (leaves.length - 1) : 0;
  }
  const nums = observed as number[];
  const members = nums.filter((u) => group(def, u, level) === g);
  const range = Math.max(...nums) - Math.min(...nums);
  return range > 0 ? (Math.max(...members) - Math.min(...members)) / range : 0;
}

interface OracleNode { levels: number[]; satisfied: boolean; suppressed: number; loss: number }

function oracleNode(c: Case, levels: number[]): OracleNode {
  const n = c.rows.length;
  const m = c.defs.length;
  const observed = c.defs.map((_, a) => c.rows.map((r) => r[`q${a}`]));
  const classes = new Map<string, Record<string, string | number>[]>();
  for (const row of c.rows) {
    const key = JSON.stringify(c.defs.map((d, a) => group(d, row[`q${a}`], levels[a])));
    classes.set(key, [...(classes.get(key) ?? []), row]);
  }
  let suppressed = 0;
  let loss = 0;
  for (const members of classes.values()) {
    const fails = members.length < c.k || (c.l !== undefined && new Set(members.map((r) => r.s)).size < c.l);
    if (fails) { suppressed += members.length; loss += members.length * m; continue; }
    for (const row of members) c.defs.forEach((d, a) => { loss += penalty(d, row[`q${a}`], levels[a], observed[a]); });
  }
  return { levels, satisfied: suppressed <= Math.floor(c.maxSuppression * n + 1e-9), suppressed, loss: n ? loss / (n * m) : 0 };
}

function allNodes(heights: number[]): number[][] {
  return heights.reduce<number[][]>((acc, h) => acc.flatMap((prefix) => Array.from({ length: h }, (_, l) => [...prefix, l])), [[]]);
}

function oracle(c: Case): OracleNode | null {
  let best: OracleNode | null = null;
  for (const levels of allNodes(c.defs.map(height))) {
    const node = oracleNode(c, levels);
    if (node.satisfied && (!best || node.loss < best.loss - 1e-12)) best = node;
  }
  return best;
}

// ---- the properties ----

test('random tables: the output meets k, l and the budget, and its loss is the brute-force optimum', () => {
  fc.assert(fc.property(caseArb, (c) => {
    const expected = oracle(c);
    if (!expected) {
      assert.throws(() => anonymise(c.rows, options(c)), (err: AppError) => err.code === 'PRIVACY_ERR_ANON_INFEASIBLE');
      return;
    }
    const r = anonymise(c.rows, options(c));
    const n = c.rows.length;
    assert.ok(Math.abs(r.metrics.loss - expected.loss) < 1e-9, `loss ${r.metrics.loss} vs optimum ${expected.loss}`);
    assert.equal(r.search.optimal, true);
    const levels = c.defs.map((_, a) => r.node.levels[`q${a}`]);
    const mine = oracleNode(c, levels);
    assert.ok(mine.satisfied);
    assert.ok(Math.abs(mine.loss - r.metrics.loss) < 1e-9);

    // Suppression within budget, and reported as the output shows it.
    const suppressed = n - r.rows.length;
    assert.ok(suppressed <= Math.floor(c.maxSuppression * n + 1e-9));
    assert.equal(r.metrics.suppressed, suppressed);
    assert.equal(mine.suppressed, suppressed);

    // Each released record is its input record with the quasi-identifiers generalised to the chosen levels.
    const generalisers = c.defs.map((d, a) => compileHierarchy(`q${a}`, d));
    for (const out of r.rows) {
      const input = c.rows[out.id as number];
      assert.equal(out.s, input.s);
      generalisers.forEach((g, a) => {
        const level = levels[a];
        const v = input[`q${a}`];
        const want = level === 0 ? v : level === g.height - 1 ? g.top : g.label(g.key(v)!, level);
        assert.equal(out[`q${a}`], want);
      });
    }

    // Every class of the output holds ≥ k records and (with l) ≥ l distinct sensitive values.
    const classes = new Map<string, Record<string, unknown>[]>();
    for (const out of r.rows) {
      const key = JSON.stringify(c.defs.map((_, a) => out[`q${a}`]));
      classes.set(key, [...(classes.get(key) ?? []), out]);
    }
    let dm = suppressed * n;
    for (const members of classes.values()) {
      assert.ok(members.length >= c.k, `class of ${members.length} < k=${c.k}`);
      if (c.l !== undefined) assert.ok(new Set(members.map((m) => m.s)).size >= c.l);
      dm += members.length ** 2;
    }
    // Metrics agree with the output.
    assert.equal(r.metrics.classes, classes.size);
    assert.equal(r.metrics.discernibility, dm);
    const sizes = [...classes.values()].map((m) => m.length);
    assert.equal(r.metrics.risk.max, sizes.length ? 1 / Math.min(...sizes) : 0);
    assert.ok(Math.abs(r.metrics.risk.avg - (r.rows.length ? classes.size / r.rows.length : 0)) < 1e-12);
    assert.ok(Math.abs(r.metrics.avgClassSize - (classes.size ? r.rows.length / classes.size : 0)) < 1e-12);
  }), { numRuns: 400 });
});

test('random tables: masking keeps every record and blanks exactly the suppressed ones', () => {
  fc.assert(fc.property(caseArb, (c) => {
    if (!oracle(c)) return;
    const dropped = anonymise(c.rows, options(c));
    const masked = anonymise(c.rows, { ...options(c), suppressed: 'mask' });
    assert.equal(masked.rows.length, c.rows.length);
    const released = new Set(dropped.rows.map((r) => r.id));
    for (const row of masked.rows) {
      const blank = c.defs.every((_, a) => row[`q${a}`] === '*');
      if (!released.has(row.id)) assert.ok(blank, `record ${row.id} is suppressed but not masked`);
    }
    assert.deepEqual(masked.rows.filter((row) => released.has(row.id)), dropped.rows);
  }), { numRuns: 150 });
});

test('random tables: a larger k never lowers the optimal loss', () => {
  fc.assert(fc.property(caseArb, (c) => {
    const loss = (k: number) => {
      try { return anonymise(c.rows, options(c, k)).metrics.loss; } catch { return Infinity; }
    };
    const a = loss(c.k);
    const b = loss(c.k + 1);
    assert.ok(a <= b + 1e-12, `k=${c.k}: ${a}, k=${c.k + 1}: ${b}`);
  }), { numRuns: 150 });
});
