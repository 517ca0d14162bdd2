import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { AuditActor } from '../audit/audit-types.ts';
import { policyViewsFor } from '../retention/retention.service.ts';
import { auditChainCheck } from './checks/audit-chain.check.ts';
import type { AuditCheck, CheckContext } from './checks/check-context.ts';
import { encryptionCheck } from './checks/encryption.check.ts';
import { keysCheck } from './checks/keys.check.ts';
import { purposesCheck } from './checks/purposes.check.ts';
import { requestsCheck } from './checks/requests.check.ts';
import { retentionCheck } from './checks/retention.check.ts';
import { DEFAULT_COMPLIANCE_SETTINGS, type ComplianceSettings } from './compliance-settings.model.ts';
import { countBySeverity, sortFindings, type CheckOutcome, type Finding } from './finding.ts';
import { buildInventory } from './inventory.ts';
import { storeOf } from './platform-view.ts';

export const REPORT_MODEL = 'PrivacyAuditReport';
export const SETTINGS_MODEL = 'PrivacyComplianceSettings';

/** Every check, in report order. */
export const CHECKS: readonly AuditCheck[] = [encryptionCheck, purposesCheck, retentionCheck, requestsCheck, keysCheck, auditChainCheck];

export async function complianceSettings(ctx: PluginContext, tenantId: string): Promise<ComplianceSettings> {
  const doc = await ctx.model(SETTINGS_MODEL).findOne({ tenantId }).lean<any>();
  return { keyMaxAgeDays: doc?.keyMaxAgeDays ?? DEFAULT_COMPLIANCE_SETTINGS.keyMaxAgeDays, masterKeyMaxAgeDays: doc?.masterKeyMaxAgeDays ?? DEFAULT_COMPLIANCE_SETTINGS.masterKeyMaxAgeDays };
}

/**
 * Runs every check for a tenant, stores the report and records `privacy.audit.run` (severity counts only) in the
 * tenant's audit chain. A check that throws does not stop the others: the report says it could not run, as a
 * medium finding (an audit that silently skips a check would read as clean).
 */
export async function runPrivacyAudit(ctx: PluginContext, tenantId: string, actor: AuditActor, opts: { now?: Date; checks?: readonly AuditCheck[] } = {}): Promise<any> {
  const now = opts.now ?? new Date();
  const settings = await complianceSettings(ctx, tenantId);
  const retention = await policyViewsFor(ctx, tenantId);
  const c: CheckContext = { ctx, tenantId, now, inventory: buildInventory(ctx, retention, now), retention, settings, db: storeOf(ctx, REPORT_MODEL) };
  const findings: Finding[] = [];
  const checks: CheckOutcome[] = [];
  for (const check of opts.checks ?? CHECKS) {
    try {
      const found = await check.run(c);
      findings.push(...found);
      checks.push({ check: check.id, status: found.length ? 'findings' : 'ok', error: null, findings: found.length });
    } catch (err) {
      const message = String((err as Error)?.message ?? err).slice(0, 300);
      ctx.log.warn({ tenantId, check: check.id, err }, 'privacy audit check failed');
      checks.push({ check: check.id, status: 'error', error: message, findings: 1 });
      findings.push({
        id: `${check.id}:error`, check: check.id, severity: 'medium', refs: {},
        title: `The ${check.id} check could not run`, detail: message,
        fix: 'Fix the cause (often the store or Redis being unavailable) and run the audit again; until then this area is unchecked.',
      });
    }
  }
  const sorted = sortFindings(findings);
  const summary = countBySeverity(sorted);
  const doc = await ctx.model(REPORT_MODEL).create({ tenantId, ranAt: now, actorKind: actor.kind, actorId: actor.id, settings, summary, checks, findings: sorted });
  await ctx.privacy.audit.record({
    tenantId, actor, action: 'privacy.audit.run', target: { type: 'PrivacyAuditReport', id: doc._id },
    details: { high: summary.high, medium: summary.medium, low: summary.low, info: summary.info, checksFailed: checks.filter((x) => x.status === 'error').length },
  });
  return doc.toObject();
}
