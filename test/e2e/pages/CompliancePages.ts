import type { Locator, Page } from 'playwright';
import { AppShell } from './AppShell.ts';

/** The compliance officer's pages: the Privacy menu group, audit log, privacy audits, retention, data inventory. */
export class CompliancePages extends AppShell {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
  }

  /** Polls `check` (in Node, through locators) until it holds. */
  async until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await this.page.waitForTimeout(150);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  privacyGroup(): Locator {
    return this.page.getByTestId('menu-group-privacy');
  }

  // ── audit log ──────────────────────────────────────────────────────────────────────────────────────────────────
  async openAuditLog(): Promise<void> {
    await this.goto('audit');
    await this.page.locator('.RaDataTable-table').waitFor();
  }

  /** Types into the list's action search and waits until every row shows that action. */
  async filterAuditAction(action: string): Promise<void> {
    await this.page.locator('.RaFilterForm-filterFormInput input[name="q"]').fill(action);
    await this.until(async () => {
      const actions = await this.auditActions();
      return actions.length > 0 && actions.every((a) => a === action);
    }, `only ${action} entries`);
  }

  auditActions(): Promise<string[]> {
    return this.page.locator('[data-testid^="audit-action-"]').allInnerTexts();
  }

  /** Expands the entry with this seq and returns its hash and prevHash as shown. */
  async expandEntry(seq: number): Promise<{ hash: string; prevHash: string }> {
    await this.page.getByTestId(`audit-action-${seq}`).click();
    const panel = this.page.getByTestId(`audit-entry-${seq}`);
    await panel.waitFor();
    return { hash: (await panel.getByTestId('audit-entry-hash').innerText()).trim(), prevHash: (await panel.getByTestId('audit-entry-prev-hash').innerText()).trim() };
  }

  /** Clicks "Verify chain" and returns what the console shows. */
  async verifyChain(): Promise<{ ok: boolean; brokenAt: string; reason: string; text: string }> {
    const area = this.page.getByTestId('verify-chain-area');
    const runs = Number(await area.getAttribute('data-runs'));
    await this.page.getByTestId('verify-chain').click();
    await this.until(async () => Number(await area.getAttribute('data-runs')) > runs, 'the verification answer', 30_000);
    const result = this.page.getByTestId('verify-result');
    return { ok: (await result.getAttribute('data-ok')) === 'true', brokenAt: (await result.getAttribute('data-broken-at')) ?? '', reason: (await result.getAttribute('data-reason')) ?? '', text: await result.innerText() };
  }

  // ── privacy audits ────────────────────────────────────────────────────────────────────────────────────────────
  /** Opens the reports, clicks "Run privacy audit" and waits for the new report's page. */
  async runPrivacyAudit(): Promise<string> {
    await this.goto('privacy/audits');
    await this.page.getByTestId('run-privacy-audit').click();
    const report = this.page.getByTestId('report-show');
    await report.waitFor({ timeout: 30_000 });
    return (await report.getAttribute('data-report-id'))!;
  }

  finding(id: string): Locator {
    return this.page.getByTestId(`finding-${id}`);
  }

  async reportLinks(): Promise<{ html: string; pdf: string }> {
    const show = this.page.getByTestId('report-show');
    return { html: (await show.getByTestId('report-html').getAttribute('href'))!, pdf: (await show.getByTestId('report-pdf').getAttribute('href'))! };
  }

  // ── retention ─────────────────────────────────────────────────────────────────────────────────────────────────
  async openRetention(): Promise<void> {
    await this.goto('privacy/retention/policies');
    await this.page.getByTestId('retention-row-core_events').waitFor();
  }

  retentionRow(collection: string): Locator {
    return this.page.getByTestId(`retention-row-${collection}`);
  }

  async setRetention(collection: string, days: number): Promise<void> {
    await this.page.getByTestId(`retention-edit-${collection}`).click();
    await this.page.getByTestId('retention-dialog').waitFor();
    await this.page.getByTestId('retention-days').fill(String(days));
    await this.page.getByTestId('retention-save').click();
    await this.page.getByTestId('retention-dialog').waitFor({ state: 'detached' });
  }

  /** Clicks "Run now" and waits until the newest run finished; returns its status and deletions. */
  async runRetentionNow(): Promise<{ status: string; deleted: number }> {
    const before = await this.page.locator('[data-testid="retention-runs"] tbody tr').count();
    await this.page.getByTestId('retention-run-now').click();
    const rows = this.page.locator('[data-testid="retention-runs"] tbody tr');
    await this.until(async () => (await rows.count()) > before && ['completed', 'failed'].includes((await rows.first().getAttribute('data-status')) ?? ''), 'the retention run to finish', 60_000);
    const first = rows.first();
    return { status: (await first.getAttribute('data-status'))!, deleted: Number(await first.getAttribute('data-deleted')) };
  }

  // ── inventory ─────────────────────────────────────────────────────────────────────────────────────────────────
  async openInventory(): Promise<void> {
    await this.goto('privacy/inventory');
    await this.page.getByTestId('inventory-fields').waitFor();
  }

  inventoryRow(id: string): Locator {
    return this.page.getByTestId(`inventory-row-${id}`);
  }
}
