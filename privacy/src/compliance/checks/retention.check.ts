import { cutoffOf } from '../../retention/retention-targets.ts';
import type { Finding } from '../finding.ts';
import { DAY_MS, type AuditCheck } from './check-context.ts';

/** Runs are hourly: a document a day past its cutoff means retention is not running (or not keeping up). */
const GRACE_MS = DAY_MS;

/**
 * Retention overdue: documents still present a day after their policy's cutoff (medium), the last retention run
 * failed (medium), and collections holding personal data with no policy at all (low: kept until erased).
 */
export const retentionCheck: AuditCheck = {
  id: 'retention',
  async run({ tenantId, now, retention, inventory, db, ctx }) {
    const out: Finding[] = [];
    for (const p of retention) {
      if (!p.enabled || !p.field || p.days === null) continue;
      const overdueBefore = new Date(cutoffOf({ days: p.days }, now).getTime() - GRACE_MS);
      const count = await db.collection(p.collection).countDocuments({ tenantId, [p.field]: { $lt: overdueBefore } });
      if (!count) continue;
      out.push({
        id: `retention:${p.collection}`, check: 'retention', severity: 'medium',
        refs: { collection: p.collection, field: p.field, days: p.days, overdue: count },
        title: `${count} document${count === 1 ? '' : 's'} in ${p.collection} past ${p.days}-day retention`,
        detail: `Policy (${p.source}): delete ${p.days} days after "${p.field}". ${count} document${count === 1 ? ' is' : 's are'} more than a day past that; the hourly retention job should have deleted ${count === 1 ? 'it' : 'them'}.`,
        fix: `Run retention now (Privacy → Retention → Run now, or POST /api/plugins/privacy/retention/runs) and check that a worker serves queue privacy-retention (Jobs page: failed privacy-retention jobs show why).`,
      });
    }
    const lastRun = await ctx.model('PrivacyRetentionRun').findOne({ tenantId, status: { $in: ['completed', 'failed'] } }).sort({ createdAt: -1 }).lean<any>();
    if (lastRun?.status === 'failed') {
      out.push({
        id: 'retention:last-run', check: 'retention', severity: 'medium', refs: { runId: lastRun._id },
        title: 'The last retention run failed',
        detail: `Run ${lastRun._id} (${lastRun.trigger}) failed: ${lastRun.error ?? 'no reason recorded'}.`,
        fix: 'Open the run under Privacy → Retention, fix the cause (store unavailable, a collection\'s date field renamed), then Run now.',
      });
    }
    const withoutPolicy = new Map<string, Set<string>>();
    for (const p of retention) {
      if (p.enabled) continue;
      const categories = inventory.fields.filter((f) => f.collection === p.collection && f.category !== 'credential').map((f) => f.category);
      if (categories.length) withoutPolicy.set(p.collection, new Set(categories));
    }
    for (const [collection, categories] of withoutPolicy) {
      const view = retention.find((r) => r.collection === collection)!;
      out.push({
        id: `retention:${collection}:none`, check: 'retention', severity: 'low', refs: { collection, categories: [...categories].join(', ') },
        title: `No retention policy for ${collection}`,
        detail: `${collection} holds ${[...categories].join(', ')} data and ${view.source === 'disabled' ? 'its declared retention is switched off for this tenant' : 'declares no retention'}: documents stay until a person asks for erasure.`,
        fix: `Set a policy under Privacy → Retention (PUT /api/plugins/privacy/retention/policies/${collection} with {field, days}; date fields: ${view.dateFields.join(', ')}), or declare \`retention\` on model ${view.model}.`,
      });
    }
    return out;
  },
};
