/**
 * The embedded FerretDB is built from the 1.24.2 module source with FERRETDB_PATCHES applied (scripts/lib/services.mjs).
 * The one patch makes the SQLite backend's `_id` lookups use the `_id` index (stock 1.24.2 scans the table: its query
 * expression `->'$._id'` does not match the index expression `->"_id"`). bench/store-lookup.bench.ts measures it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { FERRETDB_BIN, FERRETDB_BUILD, FERRETDB_PATCHES, FERRETDB_VERSION, ROOT, patchFerretDB } from '../../scripts/lib/services.mjs';

const STOCK_LINE = `\tIDColumn = DefaultColumn + "->'$._id'"`;

function fakeSource(body: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferretdb-src-'));
  const file = path.join(dir, FERRETDB_PATCHES[0]!.file);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
  return dir;
}

test('the patch swaps the _id query expression for the one the index is built on, once, and refuses other sources', () => {
  const dir = fakeSource(`const (\n${STOCK_LINE}\n)\n`);
  try {
    const file = path.join(dir, FERRETDB_PATCHES[0]!.file);
    patchFerretDB(dir);
    const patched = readFileSync(file, 'utf8');
    assert.match(patched, /IDColumn = DefaultColumn \+ "->'_id'"/);
    assert.doesNotMatch(patched, /\$\._id/);
    patchFerretDB(dir); // idempotent: a second build over the same source folder
    assert.equal(readFileSync(file, 'utf8'), patched);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const other = fakeSource('const IDColumn = "something else"\n');
  try {
    assert.throws(() => patchFerretDB(other), /does not apply/);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('the FerretDB the tests run on is the patched build of the pinned version', () => {
  assert.equal(FERRETDB_VERSION, 'v1.24.2');
  assert.ok(existsSync(FERRETDB_BIN), 'npm test builds .tools/bin/ferretdb before running');
  assert.equal(readFileSync(`${FERRETDB_BIN}.build`, 'utf8').trim(), FERRETDB_BUILD);
  const src = readFileSync(path.join(ROOT, '.tools', 'src', `ferretdb-${FERRETDB_VERSION}`, FERRETDB_PATCHES[0]!.file), 'utf8');
  assert.ok(src.includes(FERRETDB_PATCHES[0]!.to), 'the built source carries the patch');
});
