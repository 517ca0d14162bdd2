import type { Finding } from '../finding.ts';
import { daysBetween, type AuditCheck } from './check-context.ts';

/** Statuses of a data-subject request that need no more work. */
const CLOSED = ['completed', 'done', 'rejected', 'cancelled', 'canceled', 'closed'];
/** More overdue requests than this are summarised in one finding. */
const LISTED = 50;

/**
 * Data-subject requests past due: open requests (`privacy_requests`, written by the data-subject request feature)
 * whose `dueAt` has passed. An absent collection simply has none.
 */
export const requestsCheck: AuditCheck = {
  id: 'requests',
  async run({ tenantId, now, db }) {
    const filter = { tenantId, dueAt: { $lt: now }, status: { $nin: CLOSED } };
    const coll = db.collection('privacy_requests');
    const overdue = await coll.find(filter, { projection: { _id: 1, kind: 1, status: 1, dueAt: 1 } }).sort({ dueAt: 1 }).limit(LISTED).toArray();
    const out: Finding[] = overdue.map((r) => {
      const late = daysBetween(new Date(r.dueAt), now);
      return {
        id: `requests:${r._id}`, check: 'requests', severity: 'high',
        refs: { requestId: String(r._id), kind: String(r.kind ?? 'unknown'), status: String(r.status ?? 'unknown'), dueAt: new Date(r.dueAt).toISOString(), daysLate: late },
        title: `${String(r.kind ?? 'Data-subject')} request ${r._id} is ${late} day${late === 1 ? '' : 's'} past due`,
        detail: `Status "${String(r.status)}", due ${new Date(r.dueAt).toISOString().slice(0, 10)}. The person must get an answer within one month of the request (GDPR Art. 12(3)).`,
        fix: `Open request ${r._id} under Privacy → Requests: see which plugin hook failed, fix it and retry the request; if more time is needed, record the extension and tell the person why.`,
      };
    });
    if (overdue.length === LISTED) {
      const total = await coll.countDocuments(filter);
      if (total > LISTED) {
        out.push({
          id: 'requests:more', check: 'requests', severity: 'high', refs: { overdue: total },
          title: `${total - LISTED} more requests are past due`,
          detail: `${total} open data-subject requests are past due in all; the ${LISTED} most overdue are listed above.`,
          fix: 'Work through the request queue (Privacy → Requests, sorted by due date) and find the common failing hook.',
        });
      }
    }
    return out;
  },
};
