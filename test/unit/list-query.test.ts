import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseListQuery, sendPage, type ListOptions } from '../../server/src/http/list-query.ts';
import { AppError } from '../../server/src/errors/app-error.ts';

/** ra-data-simple-rest list parameters (sort, range, filter as JSON strings) → a whitelisted mongo query. */
const OPTS: ListOptions = { sortable: ['name', 'createdAt'], filterable: ['role', 'active', 'stock'], searchable: ['email', 'name'] };
const q = (query: { sort?: string; range?: string; filter?: string }, opts: ListOptions = OPTS) => parseListQuery(query, opts);
const json = (v: unknown) => JSON.stringify(v);

/** Asserts a 400 CORE_ERR_INVALID_LIST_QUERY naming the parameter; returns the error for more checks. */
function rejects(query: { sort?: string; range?: string; filter?: string }, field: string, message?: RegExp, opts: ListOptions = OPTS): AppError {
  try {
    parseListQuery(query, opts);
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${err}`);
    assert.equal(err.code, 'CORE_ERR_INVALID_LIST_QUERY');
    assert.equal(err.statusCode, 400);
    assert.deepEqual(err.details, { field }, `${json(query)}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`accepted ${json(query)}`);
}

test('no parameters: the route\'s default sort with an _id tie-break, the first 25 rows, no filter', () => {
  assert.deepEqual(q({}), { sort: { createdAt: -1, _id: 1 }, skip: 0, limit: 25, filter: {} });
  assert.deepEqual(q({}, { ...OPTS, defaultSort: ['name', 'ASC'] }).sort, { name: 1, _id: 1 });
  // Empty strings are the same as absent parameters.
  assert.deepEqual(q({ sort: '', range: '', filter: '' }), q({}));
});

test('sort: field and direction (case-insensitive); "id" sorts by _id without a tie-break', () => {
  assert.deepEqual(q({ sort: json(['name', 'ASC']) }).sort, { name: 1, _id: 1 });
  assert.deepEqual(q({ sort: json(['name', 'desc']) }).sort, { name: -1, _id: 1 });
  assert.deepEqual(q({ sort: json(['id', 'DESC']) }).sort, { _id: -1 });
  assert.deepEqual(Object.keys(q({ sort: json(['createdAt', 'ASC']) }).sort), ['createdAt', '_id'], 'the named field sorts first');
});

test('sort: bad JSON, bad shape, bad direction and fields outside the whitelist are clear 400s', () => {
  rejects({ sort: '["name",' }, 'querystring.sort', /sort: not JSON/);
  for (const bad of [json('name'), json(['name']), json(['name', 'ASC', 'x']), json([1, 'ASC']), json(['name', 'UP']), json(['name', 1]), json(['name', null]), json({ name: 'ASC' })]) {
    rejects({ sort: bad }, 'querystring.sort', /expected \["field","ASC"\|"DESC"\]/);
  }
  const err = rejects({ sort: json(['passwordHash', 'ASC']) }, 'querystring.sort', /cannot sort by "passwordHash"/);
  assert.match(err.message, /allowed: id, name, createdAt/);
  rejects({ sort: json(['_id', 'ASC']) }, 'querystring.sort', /cannot sort by "_id"/);
});

test('range: inclusive [start, end] → skip and limit', () => {
  assert.deepEqual([q({ range: json([0, 9]) }).skip, q({ range: json([0, 9]) }).limit], [0, 10]);
  assert.deepEqual([q({ range: json([10, 19]) }).skip, q({ range: json([10, 19]) }).limit], [10, 10]);
  assert.deepEqual([q({ range: json([5, 5]) }).skip, q({ range: json([5, 5]) }).limit], [5, 1]);
  assert.equal(q({ range: json([0, 499]) }).limit, 500, 'the default page cap is 500 rows');
  assert.equal(q({ range: json([0, 49]) }, { ...OPTS, maxPage: 50 }).limit, 50);
});

test('range: bad JSON, shapes, negative, reversed, fractional, unsafe or oversized pages are clear 400s', () => {
  rejects({ range: '[0,' }, 'querystring.range', /range: not JSON/);
  const shape = /range: expected \[start,end\] with 0 ≤ start ≤ end and at most 500 rows/;
  for (const bad of [json([0]), json([0, 1, 2]), json({ start: 0 }), json('0-9'), json([-1, 5]), json([5, 4]), json([0, 2.5]), json(['0', '9']), json([0, null]), json([0, 500]), json([1e300, 1e300]), json([Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER + 1])]) {
    rejects({ range: bad }, 'querystring.range', shape);
  }
  rejects({ range: json([0, 50]) }, 'querystring.range', /at most 50 rows/, { ...OPTS, maxPage: 50 });
});

test('filter: whitelisted fields by equality, arrays as $in, id as _id', () => {
  assert.deepEqual(q({ filter: json({ role: 'analyst', active: true, stock: 0 }) }).filter, { role: 'analyst', active: true, stock: 0 });
  assert.deepEqual(q({ filter: json({ role: ['analyst', 'merchant'] }) }).filter, { role: { $in: ['analyst', 'merchant'] } });
  assert.deepEqual(q({ filter: json({ id: 'usr_1' }) }).filter, { _id: 'usr_1' });
  assert.deepEqual(q({ filter: json({ id: ['usr_1', 2] }) }).filter, { _id: { $in: ['usr_1', '2'] } });
  // An operator object smuggled in as an id becomes a harmless string.
  assert.deepEqual(q({ filter: json({ id: { $ne: null } }) }).filter, { _id: '[object Object]' });
  assert.deepEqual(q({ filter: json({ role: null }) }).filter, { role: null });
  assert.deepEqual(q({ filter: 'null' }).filter, {});
});

test('filter.q: case-insensitive search over the searchable fields, regex characters taken literally', () => {
  const f = q({ filter: json({ q: 'a.b*(c' }) }).filter as { $or: Record<string, { $regex: string; $options: string }>[] };
  assert.deepEqual(f.$or.map((o) => Object.keys(o)[0]), ['email', 'name']);
  const { $regex, $options } = f.$or[0].email;
  assert.equal($options, 'i');
  const re = new RegExp($regex, $options);
  assert.ok(re.test('xx A.B*(C yy'));
  assert.ok(!re.test('aXbbb(c'), 'dot and star are literal');
  assert.deepEqual(q({ filter: json({ q: '' }) }).filter, {}, 'an empty search filters nothing');
  assert.deepEqual(q({ filter: json({ q: 'x' }) }, { ...OPTS, searchable: undefined }).filter, {}, 'no searchable fields: q is ignored');
  fc.assert(fc.property(fc.string(), (s) => {
    const rx = (q({ filter: json({ q: s }) }).filter as any).$or?.[0].email.$regex as string | undefined;
    return s === '' ? rx === undefined : new RegExp(`^${rx}$`, 'i').test(s);
  }));
});

test('filter: unknown fields, operators, non-objects and a non-string q are clear 400s naming the field', () => {
  rejects({ filter: '{"role":' }, 'querystring.filter', /filter: not JSON/);
  for (const bad of [json([1, 2]), json('role'), json(3)]) rejects({ filter: bad }, 'querystring.filter', /filter: expected a JSON object/);
  const unknown = rejects({ filter: json({ passwordHash: 'x' }) }, 'querystring.filter.passwordHash', /cannot filter by "passwordHash"/);
  assert.match(unknown.message, /allowed: q, id, role, active, stock/);
  rejects({ filter: json({ $where: 'sleep(1000)' }) }, 'querystring.filter.$where', /cannot filter by "\$where"/);
  rejects({ filter: json({ tenantId: 'other' }) }, 'querystring.filter.tenantId');
  rejects({ filter: json({ role: { $ne: 'owner' } }) }, 'querystring.filter.role', /filter\.role: operators are not accepted/);
  rejects({ filter: json({ q: 42 }) }, 'querystring.filter.q', /filter\.q must be a string/);
  rejects({ filter: json({ q: { $regex: '.*' } }) }, 'querystring.filter.q');
});

test('sendPage sets Content-Range as "<resource> start-end/total", also for empty pages', () => {
  const headers: Record<string, string> = {};
  const reply = { header: (k: string, v: string) => { headers[k] = v; return reply; } } as any;
  assert.deepEqual(sendPage(reply, 'users', ['a', 'b', 'c'], 10, 42), ['a', 'b', 'c']);
  assert.equal(headers['Content-Range'], 'users 10-12/42');
  sendPage(reply, 'users', [], 50, 42);
  assert.equal(headers['Content-Range'], 'users 50-50/42');
  sendPage(reply, 'keys', ['x'], 0, 1);
  assert.equal(headers['Content-Range'], 'keys 0-0/1');
});
