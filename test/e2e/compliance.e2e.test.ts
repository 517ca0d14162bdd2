/**
 * The compliance officer's console end to end (issue 4): the Privacy menu group (and its absence for a merchant),
 * the audit log viewer with filters, entry detail and chain verification — including an entry tampered with
 * directly in the store —, "Run privacy audit" with its findings, HTML and PDF, retention policies with "Run now"
 * (executed by a real worker), the data inventory, and the Chinese labels. Real stack: API + worker + FerretDB + Redis,
 * console built. Run: `npm test -- --no-typecheck test/e2e/compliance.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import mongoose, { type Connection } from 'mongoose';
import { startStack, type Stack } from '../helpers/stack.ts';
import { RETENTION_QUEUE, RETENTION_SCHEDULER_ID } from '../../privacy/src/retention/constants.ts';
import { CompliancePages } from './pages/CompliancePages.ts';
import { LoginPage } from './pages/LoginPage.ts';
import { launchBrowser, type Browser } from './support/browser.ts';

const RESULTS_DIR = 'test-results';
const TIMEOUT = 180_000;
const DAY = 86_400_000;

describe('compliance console', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let store: Connection;
  let owner: Record<string, string>;
  let tenantId: string;
  let browser: Browser;
  let pages: CompliancePages;
  const officer = { email: `officer-${randomUUID().slice(0, 8)}@test.local`, password: 'officer-password-1' };
  const merchant = { email: `merchant-${randomUUID().slice(0, 8)}@test.local`, password: 'merchant-password-1' };

  const api = async (path: string, init: RequestInit = {}, headers = owner) => {
    const res = await fetch(`${stack.baseUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...headers, ...(init.headers as Record<string, string> | undefined) } });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  before(async () => {
    stack = await startStack();
    await mkdir(RESULTS_DIR, { recursive: true });
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
    const session = (await login.json()) as { token: string; tenant: { id: string } };
    owner = { authorization: `Bearer ${session.token}` };
    tenantId = session.tenant.id;
    for (const [who, role] of [[officer, 'compliance_officer'], [merchant, 'merchant']] as const) {
      const res = await api('/api/users', { method: 'POST', body: JSON.stringify({ email: who.email, name: role, role, password: who.password }) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    store = await mongoose.createConnection(stack.env.MONGODB_URI!).asPromise();
    browser = await launchBrowser();
    pages = new CompliancePages(browser.page, stack.baseUrl);
    await new LoginPage(browser.page, stack.baseUrl).login(officer.email, officer.password);
  });

  after(async () => {
    await browser?.close();
    await store?.close();
    await stack?.stop();
  });

  test('a merchant sees no Privacy group; the compliance officer sees it with its pages', { timeout: TIMEOUT }, async () => {
    const other = await launchBrowser();
    try {
      const shell = new CompliancePages(other.page, stack.baseUrl);
      await new LoginPage(other.page, stack.baseUrl).login(merchant.email, merchant.password);
      const labels = await shell.menuLabels();
      assert.ok(labels.includes('Dashboard'), labels.join(', '));
      assert.equal(await shell.privacyGroup().count(), 0);
      for (const hidden of ['Audit log', 'Data inventory', 'Privacy audits', 'Retention']) assert.ok(!labels.includes(hidden), `${hidden} hidden from merchants`);
    } finally {
      await other.close();
    }
    await pages.privacyGroup().waitFor();
    assert.equal(await pages.privacyGroup().innerText(), 'Privacy');
    const labels = await pages.menuLabels();
    for (const shown of ['Audit log', 'Data inventory', 'Privacy audits', 'Retention']) assert.ok(labels.includes(shown), `${shown} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('Users'), 'no user management for compliance officers');
  });

  test('audit log: filter, entry detail with hashes, verify; an entry edited in the store is reported', { timeout: TIMEOUT }, async () => {
    await pages.openAuditLog();
    await pages.filterAuditAction('user.create');
    const actions = await pages.auditActions();
    assert.ok(actions.length >= 2 && actions.every((a) => a === 'user.create'), actions.join(', '));

    const created = (await api(`/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'user.create' }))}&sort=${encodeURIComponent('["seq","ASC"]')}`)).body as any[];
    const target = created.at(-1);
    const shown = await pages.expandEntry(target.seq);
    assert.deepEqual(shown, { hash: target.hash, prevHash: target.prevHash });

    const intact = await pages.verifyChain();
    assert.equal(intact.ok, true, intact.text);
    await browser.page.screenshot({ path: `${RESULTS_DIR}/audit-log-verified.png`, fullPage: true });

    // Tamper directly in the store: the entry's details no longer match its hash.
    const res = await store.collection('privacy_audit').updateOne({ tenantId, seq: target.seq }, { $set: { 'details.role': 'owner' } });
    assert.equal(res.modifiedCount, 1);
    const broken = await pages.verifyChain();
    assert.equal(broken.ok, false);
    assert.equal(broken.brokenAt, String(target.seq));
    assert.equal(broken.reason, 'edited');
    assert.match(broken.text, new RegExp(`entry ${target.seq}`));
    await browser.page.screenshot({ path: `${RESULTS_DIR}/audit-log-tampered.png`, fullPage: true });
  });

  test('"Run privacy audit" shows findings with severity and fix, and serves the report as HTML and PDF', { timeout: TIMEOUT }, async () => {
    const reportId = await pages.runPrivacyAudit();
    assert.match(reportId, /^par_/);
    const chain = pages.finding('audit-chain:broken');
    await chain.waitFor();
    assert.equal(await chain.getAttribute('data-severity'), 'high');
    assert.match(await browser.page.getByTestId('finding-fix-audit-chain:broken').innerText(), /restore the original entries/);
    const staff = pages.finding('encryption:core_users.email');
    assert.equal(await staff.getAttribute('data-severity'), 'low');
    assert.match(await staff.innerText(), /staff login/);
    assert.equal(await browser.page.getByTestId('report-check-audit-chain').getAttribute('data-status'), 'findings');
    await browser.page.screenshot({ path: `${RESULTS_DIR}/privacy-audit-report.png`, fullPage: true });

    // The links work with the console's session cookie.
    const links = await pages.reportLinks();
    const html = await browser.context.request.get(`${stack.baseUrl}${links.html}`);
    assert.equal(html.status(), 200);
    assert.match(html.headers()['content-type'] ?? '', /text\/html/);
    assert.ok((await html.text()).includes('data-finding="audit-chain:broken"'));
    const pdf = await browser.context.request.get(`${stack.baseUrl}${links.pdf}`);
    assert.equal(pdf.status(), 200);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(bytes.toString('latin1'))?.[1]) >= 1);
  });

  test('retention: an officer shortens a policy and runs retention now; the worker deletes the expired documents', { timeout: TIMEOUT }, async () => {
    // The hourly sweep (scheduled at start) could take these documents first: this test wants "Run now" to.
    const queue = new Queue(RETENTION_QUEUE, { connection: { url: stack.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: stack.env.REDIS_PREFIX });
    try {
      assert.ok(await queue.getJobScheduler(RETENTION_SCHEDULER_ID), 'the API scheduled the hourly retention job');
      await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
    } finally {
      await queue.close();
    }
    const merges = store.collection('identity_merges');
    const old = Array.from({ length: 3 }, (_, i) => ({ _id: `mrg_e2e${randomUUID().replace(/-/g, '').slice(0, 20)}${i}`, tenantId, action: 'merge', cause: 'identify', identifiers: [], at: new Date(Date.now() - 60 * DAY), dedupeKey: randomUUID() }));
    const fresh = { ...old[0]!, _id: `mrg_e2efresh${randomUUID().replace(/-/g, '').slice(0, 16)}`, at: new Date(Date.now() - DAY), dedupeKey: randomUUID() };
    await merges.insertMany([...old, fresh] as any[]);

    await pages.openRetention();
    assert.equal(await pages.retentionRow('identity_merges').getAttribute('data-days'), '730');
    await pages.setRetention('identity_merges', 30);
    await pages.until(async () => (await pages.retentionRow('identity_merges').getAttribute('data-source')) === 'tenant', 'the saved policy');
    assert.equal(await pages.retentionRow('identity_merges').getAttribute('data-days'), '30');

    const run = await pages.runRetentionNow();
    assert.deepEqual(run, { status: 'completed', deleted: 3 });
    assert.deepEqual((await merges.find({ tenantId, _id: { $in: [...old, fresh].map((m) => m._id) } } as any).toArray()).map((m) => m._id), [fresh._id]);
    await browser.page.screenshot({ path: `${RESULTS_DIR}/retention.png`, fullPage: true });
  });

  test('encryption keys: the officer rotates the data key and watches the job reach 100 % (worker), key versions update', { timeout: TIMEOUT }, async () => {
    // Something sealed first, so the tenant has a data key and person keys.
    const send = await fetch(`${stack.baseUrl}/v1/events?key=${stack.publishableKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ eventId: randomUUID(), type: 'identify', anonymousId: `a-${randomUUID().slice(0, 8)}`, channel: 'web', timestamp: new Date().toISOString(), traits: { email: 'keys-e2e@example.com' } }] }) });
    assert.equal(send.status, 200);
    await pages.goto('privacy/keys');
    const page = browser.page;
    await page.getByTestId('tenant-keys').waitFor();
    const dataKeys = () => page.getByTestId('tenant-keys').locator('tbody tr', { hasText: 'tenant-data' }).count();
    const versionsBefore = await dataKeys();
    await page.getByTestId('rotate-keys').click();
    const row = page.getByTestId('rotations').locator('tbody tr').first();
    await pages.until(async () => (await row.getAttribute('data-state')) === 'completed', 'the rotation job to complete', 60_000);
    assert.equal(await row.getByTestId('rotation-progress').getAttribute('aria-valuenow'), '100');
    const table = page.getByTestId('tenant-keys');
    await pages.until(async () => (await dataKeys()) === versionsBefore + 1 && (await table.getByText('retired').count()) >= 1, 'the new data key version and the retired one in the table', 30_000)
      .catch(async (err) => { throw new Error(`${(err as Error).message}; before ${versionsBefore} rows, now:\n${await table.innerText()}`); });
    await page.screenshot({ path: `${RESULTS_DIR}/encryption-keys.png`, fullPage: true });
  });

  test('the data inventory lists declared fields; the Privacy pages read in Chinese', { timeout: TIMEOUT }, async () => {
    await pages.openInventory();
    const staffEmail = pages.inventoryRow('core_users.email');
    await staffEmail.waitFor();
    assert.equal(await browser.page.getByTestId('inventory-encrypted-core_users.email').getAttribute('data-encrypted'), 'false');
    assert.match(await browser.page.getByTestId('inventory-retention-core_events.traits').innerText(), /395 days after receivedAt/);
    assert.ok(await browser.page.getByTestId('inventory-plugin-identity').count());
    await browser.page.screenshot({ path: `${RESULTS_DIR}/data-inventory.png`, fullPage: true });

    await pages.switchLocale('中文');
    await pages.until(async () => (await pages.privacyGroup().innerText()) === '隐私', 'the Chinese menu');
    const labels = await pages.menuLabels();
    for (const zh of ['审计日志', '数据清单', '隐私审计', '保留期限']) assert.ok(labels.includes(zh), `${zh} in ${labels.join(', ')}`);
  });
});
