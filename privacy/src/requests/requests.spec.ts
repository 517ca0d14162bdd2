import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { buildArchive } from './export-archive.ts';
import { escapeHtml, renderValue } from './export-summary.ts';
import { buildReceipt, canonicalJson, receiptHash } from './receipt.ts';
import { reminderDue } from './reminders.ts';
import { mergeResolved } from './request-runner.ts';
import { DEFAULT_REQUEST_SETTINGS } from './request-settings.ts';
import { dataSubjectOf, subjectValues } from './request-types.ts';

const DAY = 86_400_000;

test('canonical JSON sorts keys at every level, so the receipt hash does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  assert.equal(receiptHash({ x: 1, y: 2 }), receiptHash({ y: 2, x: 1 }));
  assert.notEqual(receiptHash({ x: 1 }), receiptHash({ x: 2 }));
  const at = new Date('2026-01-01T00:00:00Z');
  const { receipt, hash } = buildReceipt({ requestId: 'dsr_1', tenantId: 'ten_1', kind: 'erasure', subjectDigest: 'd', receivedAt: at, completedAt: at, steps: [{ key: 'plugin:x', status: 'done', attempts: 2, error: 'boom', result: { personId: 'p' }, deleted: 3, at }], extra: { totals: { deleted: 3 } } });
  assert.equal(hash, receiptHash(receipt));
  assert.deepEqual(receipt.steps, [{ key: 'plugin:x', status: 'done', deleted: 3, runs: 2 }], 'steps carry counts, never errors or results');
});

test('reminders: approaching inside the window, overdue after the deadline, each once', () => {
  const now = new Date('2026-03-20T00:00:00Z');
  const s = { ...DEFAULT_REQUEST_SETTINGS, reminderDays: 7 };
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() + 10 * DAY), reminders: [] }, s, now), null);
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() + 3 * DAY), reminders: [] }, s, now), 'approaching');
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() + 3 * DAY), reminders: [{ kind: 'approaching', at: now }] }, s, now), null);
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() - 1), reminders: [{ kind: 'approaching', at: now }] }, s, now), 'overdue');
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() - 1), reminders: [] }, s, now), 'overdue', 'a late first check goes straight to overdue');
  assert.equal(reminderDue({ dueAt: new Date(now.getTime() - 1), reminders: [{ kind: 'overdue', at: now }] }, s, now), null);
});

test('a re-run keeps what earlier runs found (the graph forgets once erasure began)', () => {
  const before = { personId: 'prs_a', personIds: [], identifiers: { userId: ['u1'], anonymousId: ['phone', 'desktop'] } };
  const now = { personId: null, personIds: [], identifiers: { anonymousId: ['phone', 'tablet'] } };
  assert.deepEqual(mergeResolved(before, now), { personId: 'prs_a', personIds: [], identifiers: { userId: ['u1'], anonymousId: ['desktop', 'phone', 'tablet'] } });
  assert.deepEqual(mergeResolved(null, now), now);
  assert.deepEqual(mergeResolved({ ...before, identifiers: {} }, { personId: 'prs_b', personIds: [], identifiers: {} }).personIds, ['prs_b'], 'a new live person id joins the others');
});

test('subject values and the DataSubject handed to hooks carry the e-mail only when the request named one', () => {
  const r = { personId: 'prs_a', personIds: ['prs_old'], identifiers: { userId: ['u1'], anonymousId: [] } };
  assert.deepEqual(subjectValues(r).sort(), ['prs_a', 'prs_old', 'u1']);
  assert.deepEqual(dataSubjectOf('ten_1', r, 'a@b.example'), { tenantId: 'ten_1', personId: 'prs_a', identifiers: { userId: ['u1'], email: ['a@b.example'] } });
});

test('the summary escapes what plugins return and renders records as tables', () => {
  assert.equal(escapeHtml('<img src=x onerror="1">'), '&lt;img src=x onerror=&quot;1&quot;&gt;');
  const html = renderValue({ notes: [{ text: '<script>alert(1)</script>', at: '2026' }], empty: [] });
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /<th>text<\/th><th>at<\/th>/);
  assert.match(html, /1 record\(s\)/);
});

test('the archive is a zip of data.json, summary.html and README.txt with its checksum', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  const { zip, sha256, files } = buildArchive({ plugins: { x: { a: 1 } } }, { requestId: 'dsr_1', tenantId: 't', receivedAt: at, generatedAt: at, subject: { personId: 'p', identifiers: { userId: ['u'] } }, sections: [{ title: 'Plugin: x', value: { a: 1 } }] });
  const out = unzipSync(new Uint8Array(zip));
  assert.deepEqual(Object.keys(out).sort(), [...files].sort());
  assert.deepEqual(JSON.parse(strFromU8(out['data.json']!)), { plugins: { x: { a: 1 } } });
  assert.match(strFromU8(out['summary.html']!), /Plugin: x/);
  assert.match(sha256, /^[0-9a-f]{64}$/);
});
