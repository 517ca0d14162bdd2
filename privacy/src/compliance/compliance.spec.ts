import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginContext, PluginDefinition } from '../../../server/src/core/plugin-contract.ts';
import type { CheckContext } from './checks/check-context.ts';
import { encryptionCheck } from './checks/encryption.check.ts';
import { purposesCheck } from './checks/purposes.check.ts';
import { countBySeverity, sortFindings, type Finding } from './finding.ts';
import type { DataInventory, InventoryField } from './inventory.ts';
import { renderReportHtml } from './report-html.ts';
import { renderReportPdf } from './report-pdf.ts';
import type { AuditReportView } from './report-view.ts';

const field = (over: Partial<InventoryField>): InventoryField => ({
  id: 'x', owner: 'shop', ownerKind: 'plugin', model: 'Order', collection: 'shop_orders', field: 'email', category: 'email', purposes: ['necessary'],
  encryptedByDefault: true, encrypted: true, blindIndex: false, encryptReason: null, retention: null, ...over,
});
const inventory = (fields: InventoryField[], plugins: DataInventory['plugins'] = []): DataInventory => ({ generatedAt: '', fields, plugins });
const checkContext = (inv: DataInventory, definitions: Record<string, Partial<PluginDefinition>> = {}): CheckContext => ({
  ctx: { name: 'privacy', platform: { plugins: () => Object.entries(definitions).map(([name, d]) => ({ name, definition: { name, version: '1.0.0', coreCompatibility: '*', ...d }, ctx: {} as PluginContext, api: undefined })) } } as unknown as PluginContext,
  tenantId: 'ten_a', now: new Date(), inventory: inv, retention: [], settings: { keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365 }, db: {} as CheckContext['db'],
});

test('encryption: clear personal fields are high, stated opt-outs low with the reason, other categories ignored', async () => {
  const found = await encryptionCheck.run(checkContext(inventory([
    field({ field: 'email', encrypted: true }),
    field({ field: 'phone', category: 'phone', encrypted: false, encryptReason: 'printed on labels' }),
    field({ field: 'name', category: 'name', encrypted: null }),
    field({ field: 'note', category: 'free_text', encrypted: false }),
    field({ field: 'deviceId', category: 'device_id', encrypted: false }),
    field({ field: 'password', category: 'credential', encrypted: false }),
  ])));
  assert.deepEqual(found.map((f) => [f.id, f.severity]), [
    ['encryption:shop_orders.phone', 'low'], ['encryption:shop_orders.name', 'high'], ['encryption:shop_orders.note', 'high'],
  ]);
  assert.match(found[0]!.detail, /Stated reason: printed on labels/);
  assert.match(found[1]!.detail, /carries no encryption flag/);
  assert.match(found[2]!.fix, /field "note" of model Order of plugin "shop"/);
});

test('purposes: personal data without a purpose is high; an undeclared event purpose medium; missing categories low', async () => {
  const plugins: DataInventory['plugins'] = [
    { name: 'crm', version: '1.0.0', required: false, purposes: [], dataCategories: [], modelCategories: ['email', 'name'], collections: ['crm_contacts'], personalFields: 2, purposeMissing: true },
    { name: 'recs', version: '1.0.0', required: false, purposes: ['analytics'], dataCategories: ['behavioral'], modelCategories: ['behavioral', 'identifier'], collections: ['recs_scores'], personalFields: 2, purposeMissing: false },
    { name: 'ok', version: '1.0.0', required: false, purposes: ['necessary'], dataCategories: [], modelCategories: ['email'], collections: ['ok_x'], personalFields: 1, purposeMissing: false },
  ];
  const found = await purposesCheck.run(checkContext(inventory([], plugins), {
    crm: {}, recs: { events: { types: '*', handler: async () => ({ default: async () => undefined }), purpose: 'personalisation' } }, ok: {},
  }));
  assert.deepEqual(found.map((f) => [f.id, f.severity]), [['purposes:crm', 'high'], ['purposes:recs:events', 'medium'], ['purposes:recs:categories', 'low']]);
  assert.match(found[0]!.fix, /dataCategories: \['email', 'name'\]/);
  assert.match(found[1]!.fix, /Add 'personalisation' to `purposes`/);
  assert.deepEqual(found[2]!.refs, { plugin: 'recs', categories: 'identifier' });
});

const finding = (id: string, severity: Finding['severity'], check: Finding['check'] = 'encryption'): Finding => ({ id, check, severity, title: `<b>${id}</b> & co`, detail: 'd', fix: 'f "quoted"', refs: {} });

test('findings sort worst first and count by severity', () => {
  const sorted = sortFindings([finding('b', 'low'), finding('c', 'high', 'keys'), finding('a', 'high'), finding('d', 'info')]);
  assert.deepEqual(sorted.map((f) => f.id), ['a', 'c', 'b', 'd']);
  assert.deepEqual(countBySeverity(sorted), { high: 2, medium: 0, low: 1, info: 1, total: 4 });
});

const report = (findings: Finding[]): AuditReportView => ({
  id: 'par_1', tenantId: 'ten_a', ranAt: '2026-11-23T10:00:00.000Z', actor: { kind: 'user', id: 'usr_1' }, settings: { keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365 },
  summary: countBySeverity(findings), checks: [{ check: 'encryption', status: findings.length ? 'findings' : 'ok', error: null, findings: findings.length }], findings,
});

test('the HTML report escapes every value and lists every finding', () => {
  const html = renderReportHtml(report([finding('x', 'high'), finding('y', 'low')]), 'Shop <One>');
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt; &amp; co'));
  assert.ok(html.includes('Shop &lt;One&gt;'));
  assert.ok(html.includes('f &quot;quoted&quot;'));
  assert.doesNotMatch(html, /<b>x<\/b>/);
  assert.equal(html.match(/data-finding="/g)?.length, 2);
});

test('the PDF report is a PDF with one page per screenful of findings', async () => {
  const one = await renderReportPdf(report([finding('x', 'high')]), 'Shop → One');
  assert.equal(one.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (b: Buffer) => Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(b.toString('latin1'))?.[1]);
  assert.equal(pages(one), 1);
  const many = await renderReportPdf(report(Array.from({ length: 60 }, (_, i) => finding(`f${i}`, 'medium'))), 'Shop');
  assert.ok(pages(many) > 1, `60 findings fill more than one page (${pages(many)})`);
});
