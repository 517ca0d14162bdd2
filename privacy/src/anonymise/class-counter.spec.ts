import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ClassCounter, type NodeClasses } from './class-counter.ts';
import { encodeTable, type EncodedTable } from './encode-table.ts';
import { compileHierarchy } from './hierarchy.ts';
import { rollUp, tableSource, type TupleSource } from './tuple-source.ts';

// Wide tables (8 attributes × up to 200 values) so the counter goes through all its paths: direct addressing,
// the hash, and renumbering when the mixed-radix key would pass 2^52.
const M = 8;
const HIERARCHY = { kind: 'interval', levels: [{ width: 10 }, { width: 50 }] };

const tableArb = fc.record({
  values: fc.integer({ min: 2, max: 200 }),
  rows: fc.integer({ min: 1, max: 400 }),
  seed: fc.integer(),
}).map(({ values, rows, seed }) => {
  const rand = fc.sample(fc.integer({ min: 0, max: values - 1 }), { numRuns: rows * (M + 1), seed });
  return Array.from({ length: rows }, (_, r) => ({
    ...Object.fromEntries(Array.from({ length: M }, (_, a) => [`q${a}`, rand[r * (M + 1) + a]])),
    s: rand[r * (M + 1) + M] % 3,
  }));
});
const levelsArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: M, maxLength: M });

function encode(rows: Record<string, number>[]): EncodedTable {
  return encodeTable(rows, Array.from({ length: M }, (_, a) => compileHierarchy(`q${a}`, HIERARCHY)), 's');
}

/** The naive answer: group the table's tuples by their generalised labels. */
function naive(table: EncodedTable, levels: number[]): Map<string, { size: number; values: Set<number> }> {
  const out = new Map<string, { size: number; values: Set<number> }>();
  for (let t = 0; t < table.size; t++) {
    const key = table.attributes.map((attr, a) => attr.labels[levels[a]][attr.codes[levels[a]][table.tupleCodes[a][t]]]).join('|');
    const e = out.get(key) ?? { size: 0, values: new Set<number>() };
    e.size += table.count[t];
    e.values.add(table.sensitive![t]);
    out.set(key, e);
  }
  return out;
}

/** Class sizes and distinct counts, as a sorted list, from a counted node. */
function summary(classes: NodeClasses): string[] {
  return Array.from({ length: classes.classCount }, (_, c) => `${classes.size[c]}/${classes.distinct[c]}`).sort();
}

test('counts the same classes as naive grouping, from the table or from a rolled-up node below', () => {
  fc.assert(fc.property(tableArb, levelsArb, levelsArb, (rows, x, y) => {
    const table = encodeTable(rows, Array.from({ length: M }, (_, a) => compileHierarchy(`q${a}`, HIERARCHY)), 's');
    const below = x.map((l, a) => Math.min(l, y[a]));
    const counter = new ClassCounter(table);
    const want = [...naive(table, y).values()].map((e) => `${e.size}/${e.values.size}`).sort();
    assert.deepEqual(summary(counter.count(y, tableSource(table))), want);
    const lower: TupleSource = rollUp(tableSource(table), counter.count(below, tableSource(table)));
    assert.equal(lower.count.reduce((p, q) => p + q, 0), rows.length);
    assert.deepEqual(summary(counter.count(y, lower)), want);
  }), { numRuns: 60 });
});

test('a table of distinct wide tuples at the bottom node: one class per record', () => {
  const rows = Array.from({ length: 300 }, (_, r) => Object.fromEntries([...Array.from({ length: M }, (_, a) => [`q${a}`, (r * (a + 7)) % 199]), ['s', r % 2]]));
  const table = encode(rows);
  const classes = new ClassCounter(table).count(new Array(M).fill(0), tableSource(table));
  assert.equal(classes.classCount, naive(table, new Array(M).fill(0)).size);
  const top = new ClassCounter(table).count(new Array(M).fill(3), tableSource(table));
  assert.deepEqual(summary(top), ['300/2']);
});
