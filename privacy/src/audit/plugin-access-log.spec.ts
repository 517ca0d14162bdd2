import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginAccessLog } from './plugin-access-log.ts';
import type { AuditRecordInput } from './audit-types.ts';

function fakeAudit() {
  const entries: AuditRecordInput[] = [];
  return { entries, api: { record: async (e: AuditRecordInput) => { entries.push(e); return e as never; }, verify: async () => { throw new Error('unused'); } } };
}

test('reads are tallied per tenant and plugin and written as one audit entry per window, counts only', async () => {
  const audit = fakeAudit();
  const log = new PluginAccessLog(audit.api, (err) => { throw err; }, 3_600_000);
  log.note('ten_a', 'recs', [{ type: 'product_view', anonymousId: 'a1' }, { type: 'identify', userId: 'u1', traits: { email: 'x@example.com' } }]);
  log.note('ten_a', 'recs', [{ type: 'product_view', anonymousId: 'a1' }], 2);
  log.note('ten_b', 'recs', [{ type: 'search', anonymousId: 'b1' }]);
  log.note('ten_a', 'other', []);
  assert.equal(audit.entries.length, 0, 'nothing is written before the window closes');
  assert.equal(await log.flush(), 2);
  const a = audit.entries.find((e) => e.tenantId === 'ten_a')!;
  assert.deepEqual(a.actor, { kind: 'plugin', id: 'recs' });
  assert.equal(a.action, 'plugin.data.access');
  assert.deepEqual({ reads: a.details!.reads, events: a.details!.events, personal: a.details!.withPersonalData, withheld: a.details!.withheldForConsent, subjects: a.details!.subjects }, { reads: 2, events: 3, personal: 1, withheld: 2, subjects: 2 });
  assert.deepEqual(a.details!.types, ['identify', 'product_view']);
  assert.ok(!JSON.stringify(audit.entries).includes('x@example.com'), 'no value reaches the audit log');
  assert.equal(await log.flush(), 0, 'a window without reads writes nothing');
  await log.close();
});
