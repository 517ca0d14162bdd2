import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymise } from './anonymise.ts';
import type { AnonymiseOptions } from './anonymise-options.ts';
import { assessRisk } from './assess-risk.ts';
import type { AppError } from '../../../server/src/errors/app-error.ts';

const ROWS = [
  { id: 1, age: 21, sex: 'M', disease: 'flu' },
  { id: 2, age: 23, sex: 'M', disease: 'flu' },
  { id: 3, age: 25, sex: 'F', disease: 'cold' },
  { id: 4, age: 34, sex: 'F', disease: 'cold' },
  { id: 5, age: 36, sex: 'F', disease: 'flu' },
  { id: 6, age: 38, sex: 'M', disease: 'cold' },
];
const HIERARCHIES = {
  age: { kind: 'interval', levels: [{ width: 10 }], levelNames: ['10y'] },
  sex: { kind: 'tree', paths: { M: [], F: [] } },
};
const BASE: AnonymiseOptions = { quasiIdentifiers: ['age', 'sex'], hierarchies: HIERARCHIES, k: 2, maxSuppression: 0 };

function fails(fn: () => unknown, code: string, status: number, message: RegExp): void {
  assert.throws(fn, (err: AppError) => {
    assert.equal(err.code, code);
    assert.equal(err.statusCode, status);
    assert.match(err.message, message);
    return true;
  });
}

test('without suppression the least lossy 2-anonymous node generalises age away and keeps sex', () => {
  const r = anonymise(ROWS, BASE);
  // age 10y + sex * would cost (4/17 + 1) / 2 = 0.62; age * + sex raw costs 0.5.
  assert.deepEqual(r.node.levels, { age: 2, sex: 0 });
  assert.equal(r.node.description, 'age:* sex:raw');
  assert.equal(r.metrics.loss, 0.5);
  assert.equal(r.metrics.suppressed, 0);
  assert.equal(r.metrics.discernibility, 3 * 3 + 3 * 3);
  assert.deepEqual(r.rows.map((row) => [row.id, row.age, row.sex, row.disease]), [[1, '*', 'M', 'flu'], [2, '*', 'M', 'flu'], [3, '*', 'F', 'cold'], [4, '*', 'F', 'cold'], [5, '*', 'F', 'flu'], [6, '*', 'M', 'cold']]);
  assert.equal(r.search.optimal, true);
  assert.equal(r.search.latticeSize, 6);
});

test('a suppression budget buys a more precise node: 10-year bands, two outliers dropped', () => {
  const r = anonymise(ROWS, { ...BASE, maxSuppression: 2 / 6 });
  assert.deepEqual(r.node.levels, { age: 1, sex: 0 });
  assert.equal(r.node.names.age, '10y');
  // Released: 4 records with age penalty 4/17 (21–25 and 34–38 over 21–38); suppressed: 2 records × 2 attributes.
  assert.ok(Math.abs(r.metrics.loss - (4 * (4 / 17) + 2 * 2) / 12) < 1e-12);
  assert.deepEqual(r.rows.map((row) => [row.id, row.age, row.sex]), [[1, '[20, 30)', 'M'], [2, '[20, 30)', 'M'], [4, '[30, 40)', 'F'], [5, '[30, 40)', 'F']]);
  const m = r.metrics;
  assert.deepEqual([m.records, m.released, m.suppressed, m.classes, m.minClassSize, m.avgClassSize, m.cavg], [6, 4, 2, 2, 2, 2, 1]);
  assert.equal(m.discernibility, 2 * 2 + 2 * 2 + 2 * 6);
  assert.deepEqual(m.risk, { max: 0.5, avg: 0.5, atRiskShare: 1, threshold: 0.2, uniqueShare: 0 });
  assert.ok(Math.abs(m.lossByAttribute.age - (4 * (4 / 17) + 2) / 6) < 1e-12);
  assert.equal(m.lossByAttribute.sex, 2 / 6);
});

test('suppressed records can be kept masked instead of dropped', () => {
  const r = anonymise(ROWS, { ...BASE, maxSuppression: 2 / 6, suppressed: 'mask' });
  assert.equal(r.rows.length, 6);
  assert.deepEqual(r.rows.filter((row) => row.age === '*').map((row) => [row.id, row.sex, row.disease]), [[3, '*', 'cold'], [6, '*', 'cold']]);
});

test('distinct l-diversity rules out the node whose young-male class only has flu', () => {
  const r = anonymise(ROWS, { ...BASE, maxSuppression: 2 / 6, l: 2, sensitive: 'disease' });
  assert.deepEqual(r.node.levels, { age: 2, sex: 0 });
  assert.equal(r.metrics.suppressed, 0);
  for (const sex of ['M', 'F']) assert.equal(new Set(r.rows.filter((row) => row.sex === sex).map((row) => row.disease)).size, 2);
});

test('k = 1 keeps the data as it is', () => {
  const r = anonymise(ROWS, { ...BASE, k: 1 });
  assert.deepEqual(r.node.levels, { age: 0, sex: 0 });
  assert.equal(r.metrics.loss, 0);
  assert.deepEqual(r.rows, ROWS);
  assert.equal(r.metrics.risk.max, 1);
});

test('k above the record count with a full suppression budget releases nothing; empty input gives empty output', () => {
  const all = anonymise(ROWS, { ...BASE, k: 10, maxSuppression: 1 });
  assert.deepEqual(all.rows, []);
  assert.equal(all.metrics.suppressed, 6);
  assert.equal(all.metrics.loss, 1);
  assert.equal(all.metrics.risk.max, 0);
  const none = anonymise([], BASE);
  assert.deepEqual(none.rows, []);
  assert.equal(none.metrics.records, 0);
});

test('bad options get clear errors', () => {
  const code = 'PRIVACY_ERR_ANON_INVALID_OPTIONS';
  const { k: _k, ...noK } = BASE;
  fails(() => anonymise(ROWS, noK as AnonymiseOptions), code, 400, /options is missing "k"/);
  fails(() => anonymise(ROWS, { ...BASE, k: 0 }), code, 400, /^Invalid anonymisation options: k must be >= 1/);
  fails(() => anonymise(ROWS, { ...BASE, k: 2.5 }), code, 400, /k must be integer/);
  fails(() => anonymise(ROWS, { ...BASE, maxSuppression: 1.5 }), code, 400, /maxSuppression must be <= 1/);
  fails(() => anonymise(ROWS, { ...BASE, quasiIdentifiers: [] }), code, 400, /quasiIdentifiers must not have fewer than 1 items/);
  fails(() => anonymise(ROWS, { ...BASE, kay: 2 } as AnonymiseOptions), code, 400, /unknown property "kay"/);
  fails(() => anonymise(ROWS, { ...BASE, suppressed: 'hide' } as unknown as AnonymiseOptions), code, 400, /suppressed must be one of "drop", "mask"/);
  fails(() => anonymise(ROWS, { ...BASE, quasiIdentifiers: ['age', 'age'] }), code, 400, /lists "age" twice/);
  fails(() => anonymise(ROWS, { ...BASE, quasiIdentifiers: ['age', 'zip'] }), code, 400, /no hierarchy for quasi-identifier\(s\) "zip"/);
  fails(() => anonymise(ROWS, { ...BASE, l: 2 }), code, 400, /needs a sensitive attribute/);
  fails(() => anonymise(ROWS, { ...BASE, l: 2, sensitive: 'sex' }), code, 400, /"sex" cannot be both/);
  fails(() => anonymise('rows' as unknown as [], BASE), code, 400, /rows must be an array/);
});

test('bad rows and hierarchies name the row, the attribute and the value', () => {
  fails(() => anonymise([...ROWS, { id: 7, age: 'old', sex: 'M' }], BASE), 'PRIVACY_ERR_ANON_VALUE_NOT_IN_HIERARCHY', 400, /^Row 6: value "old" of "age" is not covered by its hierarchy$/);
  fails(() => anonymise([{ id: 7, age: 30, sex: 'X' }], BASE), 'PRIVACY_ERR_ANON_VALUE_NOT_IN_HIERARCHY', 400, /Row 0: value "X" of "sex"/);
  fails(() => anonymise([{ id: 7, age: 30 }], BASE), 'PRIVACY_ERR_ANON_INVALID_ROW', 400, /Row 0: quasi-identifier "sex" is missing/);
  fails(() => anonymise([ROWS[0], null as unknown as Record<string, unknown>], BASE), 'PRIVACY_ERR_ANON_INVALID_ROW', 400, /Row 1: must be an object/);
  fails(() => anonymise([{ age: 30, sex: 'M' }], { ...BASE, l: 2, sensitive: 'disease' }), 'PRIVACY_ERR_ANON_INVALID_ROW', 400, /sensitive attribute "disease" is missing/);
  fails(() => anonymise(ROWS, { ...BASE, hierarchies: { ...HIERARCHIES, age: { kind: 'interval', levels: [{ width: 10 }, { width: 15 }] } } }), 'PRIVACY_ERR_ANON_INVALID_HIERARCHY', 400, /"age".*not a multiple/);
});

test('criteria nothing can meet within the budget are refused with 422', () => {
  fails(() => anonymise(ROWS, { ...BASE, l: 3, sensitive: 'disease', maxSuppression: 0.5 }), 'PRIVACY_ERR_ANON_INFEASIBLE', 422, /3-anonymity|distinct 3-diversity of "disease"/);
  fails(() => anonymise(ROWS, { ...BASE, k: 7 }), 'PRIVACY_ERR_ANON_INFEASIBLE', 422, /^No generalisation satisfies 7-anonymity with at most 0 \(0\.00 %\) of the records suppressed$/);
});

test('assessRisk measures the prosecutor risk of a table as it is', () => {
  const risk = assessRisk(ROWS, ['sex']);
  assert.deepEqual(risk, { max: 1 / 3, avg: 2 / 6, atRiskShare: 1, threshold: 0.2, uniqueShare: 0, classes: 2, records: 6 });
  assert.equal(assessRisk(ROWS, ['age']).uniqueShare, 1);
  fails(() => assessRisk(ROWS, []), 'PRIVACY_ERR_ANON_INVALID_OPTIONS', 400, /at least one/);
});

test('a lattice too large to number is refused; a node budget returns a valid, unproven node', () => {
  const qis = Array.from({ length: 54 }, (_, i) => `q${i}`);
  const flat = { kind: 'tree', paths: { a: [] } };
  fails(() => anonymise([Object.fromEntries(qis.map((q) => [q, 'a']))], { quasiIdentifiers: qis, hierarchies: Object.fromEntries(qis.map((q) => [q, flat])), k: 1, maxSuppression: 0 }), 'PRIVACY_ERR_ANON_LATTICE_TOO_LARGE', 400, /1\.80e\+16 nodes/);
  const capped = anonymise(ROWS, { ...BASE, maxNodesChecked: 1 });
  assert.equal(capped.search.optimal, false);
  assert.equal(capped.search.nodesChecked, 1);
  assert.deepEqual(capped.node.levels, { age: 2, sex: 1 }, 'only the top node was checked');
  assert.equal(capped.rows.length, 6);
});
