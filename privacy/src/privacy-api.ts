import { createHmac } from 'node:crypto';
import { ConsentPolicy, EMPTY_CONSENT_STORE, type ConsentDecision, type ConsentStore } from './consent/consent-policy.ts';
import type { ConsentService } from './consent/consent-service.ts';
import { consentError } from './consent/consent.errors.ts';
import type { ConsentSubject, SubjectResolver } from './consent/subject.ts';
import { PiiRegistry } from './registry.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { auditError } from './audit/audit.errors.ts';
import type { AuditActor, AuditEntry, AuditRecordInput, AuditVerifyResult } from './audit/audit-types.ts';
import type { KeyManager } from './encryption/key-manager.ts';
import { subjectKeyRefs } from './encryption/subject-key-refs.ts';
import type { Pseudonymizer } from './pseudonyms/pseudonymizer.ts';

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
  /**
   * One enforcement point: may this person's data be processed for this purpose? The subject is a person id, a raw
   * id (userId / anonymousId) or `{personId?, userId?, anonymousId?}`; it is resolved to its person (setSubjectResolver),
   * so a choice made on one device applies on every device of the person.
   */
  allowed(tenantId: string, subject: ConsentSubject | null, purpose: string): Promise<ConsentDecision>;
  /** The same decision for a batch (one resolver call, one store lookup): ingestion checks every event of a batch at once. */
  allowedMany(tenantId: string, asks: { subject: ConsentSubject | null; purpose: string }[]): Promise<ConsentDecision[]>;
  /** The person ids that may be processed for `purpose` (training sets): a withdrawal drops the person from the next one. */
  filterAllowed(tenantId: string, personIds: string[], purpose: string): Promise<string[]>;
  /** Records a subject's choice (e.g. from a consent_update event); the newest client time wins. True when it changed. */
  recordConsent(tenantId: string, c: { subject: ConsentSubject; purpose: string; granted: boolean; at: Date; eventId?: string | null; channel?: string | null; deviceId?: string | null; keyId?: string | null }): Promise<boolean>;
  /** How subjects map to persons: registered by the identity plugin in every process (null removes it). */
  setSubjectResolver(resolver: SubjectResolver | null): void;
  /** Person-level consent: purposes and texts, state, history, recording with proof (privacy/src/consent). Throws PRIVACY_ERR_CONSENT_UNAVAILABLE without a store. */
  readonly consent: ConsentService;
  /** Append-only, hash-chained audit log (privacy/src/audit, docs/privacy-audit.md). */
  readonly audit: AuditApi;
  /** The field-encryption key hierarchy (docs/privacy-encryption.md); null in API objects built without a store. */
  readonly keys: KeyManager | null;
  /** Key refs of a data subject: person ids and the event subjects (`user:<id>`, `anon:<id>`). */
  subjectKeyRefs(subject: { personId?: string | null; personIds?: string[]; identifiers?: Record<string, string[]> }): string[];
  /** Crypto-shredding: destroys these refs' person keys; every copy of data sealed with them becomes unreadable. Audited. */
  shredSubject(tenantId: string, refs: string[], actor?: AuditActor): Promise<{ shredded: string[] }>;
  /** Per-tenant keyed pseudonym (HMAC) of a value, e.g. a person id in analytics, training sets and exports. */
  pseudonym(tenantId: string, value: string, domain?: string): Promise<string>;
  /** The value behind a pseudonym, recorded in the audit log; callers check the actor may (`reidentify Pseudonym`). */
  reidentify(tenantId: string, pseudonym: string, actor: AuditActor, reason: string): Promise<string | null>;
  /**
   * A tenant-keyed MAC (HMAC-SHA256 under the tenant index key, domain-separated from pseudonyms and blind indexes;
   * base64url) for tokens a plugin signs, e.g. the sync plugin's device tokens. Nothing is stored.
   */
  mac(tenantId: string, domain: string, value: string): Promise<string>;
}

export function createPrivacyApi(opts: { registry?: PiiRegistry; consentStore?: ConsentStore; consent?: ConsentService; auditLog?: AuditLog; keys?: KeyManager; pseudonyms?: Pseudonymizer } = {}): PrivacyApi {
  const registry = opts.registry ?? new PiiRegistry();
  const store = opts.consentStore ?? EMPTY_CONSENT_STORE;
  const policy = new ConsentPolicy(store);
  // The person-level consent service when built on a store (connectPrivacy); a simple store (tests, custom) otherwise.
  const consent = opts.consent ?? null;
  return {
    registry,
    allowed: (tenantId, subject, purpose) => (consent ? consent.allowed(tenantId, subject, purpose) : policy.decide(tenantId, subject, purpose)),
    allowedMany: (tenantId, asks) => (consent ? consent.allowedMany(tenantId, asks) : policy.decideMany(tenantId, asks)),
    async filterAllowed(tenantId, personIds, purpose) {
      if (consent) return consent.filterAllowed(tenantId, personIds, purpose);
      const decisions = await policy.decideMany(tenantId, personIds.map((personId) => ({ subject: { personId }, purpose })));
      return personIds.filter((_, i) => decisions[i]!.allowed);
    },
    async recordConsent(tenantId, c) {
      if (consent) {
        if (c.purpose === 'necessary') return false; // always on: nothing to record, and an event must not fail its batch
        const res = await consent.record(tenantId, {
          subject: c.subject, choices: { [c.purpose]: c.granted }, at: c.at, source: 'event', channel: c.channel ?? null,
          device: { deviceId: c.deviceId ?? null }, proof: { eventId: c.eventId ?? null, keyId: c.keyId ?? null },
        });
        return res.changed.length > 0;
      }
      if (!store.record) throw new Error('this consent store cannot record choices');
      const subject = typeof c.subject === 'string' ? c.subject : (c.subject.userId ?? c.subject.anonymousId ?? c.subject.personId ?? c.subject.subject);
      if (!subject) throw consentError('PRIVACY_ERR_CONSENT_NO_SUBJECT', ['send an anonymousId or a userId']);
      return store.record(tenantId, { subject, purpose: c.purpose, granted: c.granted, at: c.at, eventId: c.eventId });
    },
    setSubjectResolver(resolver) {
      consent?.setSubjectResolver(resolver);
    },
    get consent(): ConsentService {
      if (!consent) throw consentError('PRIVACY_ERR_CONSENT_UNAVAILABLE');
      return consent;
    },
    audit: opts.auditLog
      ? { record: (entry) => opts.auditLog!.record(entry), verify: (chain) => opts.auditLog!.verify(chain) }
      : { record: async () => { throw auditError('PRIVACY_ERR_AUDIT_UNAVAILABLE'); }, verify: async () => { throw auditError('PRIVACY_ERR_AUDIT_UNAVAILABLE'); } },
    keys: opts.keys ?? null,
    subjectKeyRefs,
    async shredSubject(tenantId, refs, actor = { kind: 'system', id: 'privacy' }) {
      if (!opts.keys) throw new Error('this privacy API has no key manager');
      const shredded: string[] = [];
      for (const ref of new Set(refs)) {
        const id = await opts.keys.shredPerson(tenantId, ref);
        if (id) shredded.push(id);
      }
      if (shredded.length && opts.auditLog) await opts.auditLog.record({ tenantId, actor, action: 'key.shred', target: { type: 'PersonKey', id: shredded[0]! }, details: { keyIds: shredded.slice(0, 100), count: shredded.length } });
      return { shredded };
    },
    async pseudonym(tenantId, value, domain) {
      if (!opts.pseudonyms) throw new Error('this privacy API has no pseudonym store');
      return opts.pseudonyms.pseudonym(tenantId, value, domain);
    },
    async mac(tenantId, domain, value) {
      if (!opts.keys) throw new Error('this privacy API has no key manager');
      const { key } = await opts.keys.indexKey(tenantId);
      return createHmac('sha256', key).update(`mac\u0000${domain}\u0000`).update(value, 'utf8').digest('base64url');
    },
    async reidentify(tenantId, pseudonym, actor, reason) {
      if (!opts.pseudonyms) throw new Error('this privacy API has no pseudonym store');
      const found = await opts.pseudonyms.lookup(tenantId, pseudonym);
      if (opts.auditLog) await opts.auditLog.record({ tenantId, actor, action: 'pseudonym.reidentify', target: { type: 'Pseudonym', id: pseudonym }, details: { found: !!found, domain: found?.domain ?? null, reason: reason.slice(0, 200) } });
      return found?.value ?? null;
    },
  };
}
