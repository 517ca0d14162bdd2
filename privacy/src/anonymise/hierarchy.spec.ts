import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CENSUS_HIERARCHIES } from './census-hierarchies.ts';
import { compileHierarchies, compileHierarchy } from './hierarchy.ts';
import type { AppError } from '../../../server/src/errors/app-error.ts';

/** Asserts `fn` throws the hierarchy error for `attribute` with a message matching `why`. */
function rejects(fn: () => unknown, attribute: string, why: RegExp): void {
  assert.throws(fn, (err: AppError) => {
    assert.equal(err.code, 'PRIVACY_ERR_ANON_INVALID_HIERARCHY');
    assert.equal(err.statusCode, 400);
    assert.match(err.message, new RegExp(`"${attribute}"`));
    assert.match(err.message, why);
    return true;
  });
}

test('interval hierarchy: 5/10/20-year bands, then *', () => {
  const age = compileHierarchy('age', CENSUS_HIERARCHIES.age);
  assert.equal(age.height, 5);
  assert.deepEqual(age.levelNames, ['raw', '5y', '10y', '20y', '*']);
  assert.equal(age.key(39), 39);
  assert.equal(age.key(' 39 '), 39, 'numeric strings are accepted');
  assert.equal(age.key('old'), undefined);
  assert.equal(age.key(Number.NaN), undefined);
  assert.deepEqual([1, 2, 3].map((l) => age.label(39, l)), ['[35, 40)', '[30, 40)', '[20, 40)']);
  assert.equal(age.label(-3, 1), '[-5, 0)');
  assert.equal(age.top, '*');
});

test('interval hierarchy: cut points with open ends, and range-based loss', () => {
  const h = compileHierarchy('hours', { kind: 'interval', levels: [{ cuts: [20, 40, 60] }, { cuts: [40] }] });
  assert.deepEqual([10, 20, 39.5, 60, 99].map((v) => h.label(v, 1)), ['< 20', '[20, 40)', '[20, 40)', '>= 60', '>= 60']);
  assert.deepEqual([10, 45].map((v) => h.label(v, 2)), ['< 40', '>= 40']);
  // Loss of a group: observed range of its members over the observed domain range.
  assert.equal(h.groupLoss(1, '[20, 40)', [20, 30], [0, 20, 30, 100]), 0.1);
  assert.equal(h.groupLoss(1, '< 20', [5], [5, 5]), 0);
});

test('tree hierarchy: leaves, groups, implicit * and leaf-count loss', () => {
  const h = compileHierarchy('education', CENSUS_HIERARCHIES.education);
  assert.equal(h.height, 4);
  assert.deepEqual(h.levelNames, ['raw', 'group', 'tier', '*']);
  assert.equal(h.key('Masters'), 'Masters');
  assert.equal(h.key('Masterz'), undefined);
  assert.equal(h.label('Masters', 1), 'Graduate');
  assert.equal(h.label('Masters', 2), 'Post-secondary');
  // 16 leaves: Graduate holds 3 → (3 - 1) / 15; Post-secondary holds 7 → 6 / 15.
  assert.equal(h.groupLoss(1, 'Graduate', [], []), 2 / 15);
  assert.equal(h.groupLoss(2, 'Post-secondary', [], []), 6 / 15);
  // A last level with a single value is the top.
  const t = compileHierarchy('x', { kind: 'tree', paths: { a: ['A', 'Any'], b: ['B', 'Any'] } });
  assert.equal(t.height, 3);
  assert.equal(t.top, 'Any');
  const flat = compileHierarchy('sex', CENSUS_HIERARCHIES.sex);
  assert.equal(flat.height, 2);
  assert.equal(flat.key(1), undefined);
});

test('every census hierarchy compiles', () => {
  const compiled = compileHierarchies(CENSUS_HIERARCHIES);
  assert.deepEqual([...compiled.keys()].sort(), ['age', 'education', 'income', 'marital-status', 'native-country', 'occupation', 'race', 'sex', 'workclass']);
  assert.equal(compiled.get('native-country')!.label('Hong', 1), 'Asia');
  const adultQis = ['age', 'sex', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation'];
  assert.equal(adultQis.reduce((p, q) => p * compiled.get(q)!.height, 1), 6480);
});

test('bad hierarchy definitions get clear errors', () => {
  rejects(() => compileHierarchy('age', null), 'age', /kind must be "interval" or "tree"/);
  rejects(() => compileHierarchy('age', { kind: 'bands' }), 'age', /kind must be/);
  rejects(() => compileHierarchy('age', { kind: 'interval' }), 'age', /the definition is missing "levels"/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 0 }] }), 'age', /levels\.0\.width must be > 0/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 5, colour: 'red' }] }), 'age', /levels\.0 has unknown property "colour"/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 5 }, { width: 7 }] }), 'age', /width 7 is not a multiple of 5/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 5 }, { width: 10, origin: 3 }] }), 'age', /origin 3/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ cuts: [10, 5] }] }), 'age', /strictly ascending/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ cuts: [10, 20] }, { cuts: [15] }] }), 'age', /cut 15 is not a cut of the level below/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 5 }, { cuts: [12] }] }), 'age', /cut 12 is not on a boundary/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ cuts: [10] }, { width: 20 }] }), 'age', /cannot follow cut points/);
  rejects(() => compileHierarchy('age', { kind: 'interval', levels: [{ width: 5 }], levelNames: ['a', 'b'] }), 'age', /levelNames has 2 names for 1 levels/);
  rejects(() => compileHierarchy('edu', { kind: 'tree', paths: {} }), 'edu', /no leaf values/);
  rejects(() => compileHierarchy('edu', { kind: 'tree', paths: { a: ['A'], b: [] } }), 'edu', /same number of ancestors/);
  rejects(() => compileHierarchy('edu', { kind: 'tree', paths: { a: ['A', 'X'], b: ['A', 'Y'] } }), 'edu', /"A" \(level 1\) has two parents: "X" and "Y"/);
  rejects(() => compileHierarchy('edu', { kind: 'tree', paths: { a: [''] } }), 'edu', /paths\.a\.0/);
  rejects(() => compileHierarchy('edu', { kind: 'tree', paths: { a: 'A' } }), 'edu', /paths\.a must be array/);
  rejects(() => compileHierarchies({ ok: CENSUS_HIERARCHIES.sex, broken: { kind: 'tree' } }), 'broken', /missing "paths"/);
});
