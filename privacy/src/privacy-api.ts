import { ConsentPolicy, EMPTY_CONSENT_STORE, type ConsentDecision, type ConsentStore } from './consent/consent-policy.ts';
import { PiiRegistry } from './registry.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { auditError } from './audit/audit.errors.ts';
import type { AuditEntry, AuditRecordInput, AuditVerifyResult } from './audit/audit-types.ts';

/** The audit log as plugins and the core see it: one way to record, one way to check a chain. */
export interface AuditApi {
  /** Appends a hash-chained entry to the tenant's chain (or PLATFORM_CHAIN). Details carry ids only. */
  record(entry: AuditRecordInput): Promise<AuditEntry>;
  /** Walks a chain and reports the first edited, removed or reordered entry. */
  verify(chain: string): Promise<AuditVerifyResult>;
}

/** The privacy API the core hands to every plugin (`ctx.privacy`). */
export interface PrivacyApi {
  readonly registry: PiiRegistry;
  /** One enforcement point: may this person's data be processed for this purpose? */
  allowed(tenantId: string, personId: string | null, purpose: string): Promise<ConsentDecision>;
  /** The same decision for a batch (one store lookup): ingestion checks every event of a batch at once. */
  allowedMany(tenantId: string, asks: { subject: string | null; purpose: string }[]): Promise<ConsentDecision[]>;
  /** Records a subject's choice (e.g. from a consent_update event); the newest client time wins. */
  recordConsent(tenantId: string, c: { subject: string; purpose: string; granted: boolean; at: Date; eventId?: string | null }): Promise<boolean>;
  /** Append-only, hash-chained audit log (privacy/src/audit, docs/privacy-audit.md). */
  readonly audit: AuditApi;
}

export function createPrivacyApi(opts: { registry?: PiiRegistry; consentStore?: ConsentStore; auditLog?: AuditLog } = {}): PrivacyApi {
  const registry = opts.registry ?? new PiiRegistry();
  const store = opts.consentStore ?? EMPTY_CONSENT_STORE;
  const policy = new ConsentPolicy(store);
  return {
    registry,
    allowed: (tenantId, personId, purpose) => policy.decide(tenantId, personId, purpose),
    allowedMany: (tenantId, asks) => policy.decideMany(tenantId, asks),
    async recordConsent(tenantId, c) {
      if (!store.record) throw new Error('this consent store cannot record choices');
      return store.record(tenantId, c);
    },
    audit: opts.auditLog
      ? { record: (entry) => opts.auditLog!.record(entry), verify: (chain) => opts.auditLog!.verify(chain) }
      : { record: async () => { throw auditError('PRIVACY_ERR_AUDIT_UNAVAILABLE'); }, verify: async () => { throw auditError('PRIVACY_ERR_AUDIT_UNAVAILABLE'); } },
  };
}
