import type { Finding } from '../finding.ts';
import type { AuditCheck } from './check-context.ts';

/** Audit chain broken (high): `verify` of the tenant's chain found an edited, removed or reordered entry. */
export const auditChainCheck: AuditCheck = {
  id: 'audit-chain',
  async run({ ctx, tenantId }) {
    const v = await ctx.privacy.audit.verify(tenantId);
    const out: Finding[] = [];
    if (!v.ok) {
      out.push({
        id: 'audit-chain:broken', check: 'audit-chain', severity: 'high',
        refs: { brokenAt: v.brokenAt ?? null, reason: v.reason ?? null, intactUpTo: v.lastSeq },
        title: `Audit log chain broken at entry ${v.brokenAt} (${v.reason})`,
        detail: `${(v.message ?? 'The chain does not verify').replace(/\.?$/, '.')} ${v.lastSeq > 0 ? `Entries 1–${v.lastSeq} are intact.` : 'No entry before it is intact.'}`,
        fix: `Treat it as an incident: compare entry ${v.brokenAt} and its neighbours with the latest backup of privacy_audit, find who had write access to the store, and restore the original entries (never recompute hashes: only the original entries verify). Then verify again (Privacy → Audit log → Verify chain).`,
      });
    } else if (v.checked > 0 && !v.anchored) {
      out.push({
        id: 'audit-chain:unanchored', check: 'audit-chain', severity: 'low', refs: { checked: v.checked },
        title: 'Audit chain head is not anchored',
        detail: 'The chain verifies, but no head anchor was found in Redis: entries removed from the end of the chain would go unnoticed.',
        fix: 'Make Redis durable (appendonly yes) so the anchor survives restarts; the next audit entry re-creates it.',
      });
    }
    return out;
  },
};
