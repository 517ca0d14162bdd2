import { BASE_PURPOSES, OPT_OUT_PURPOSES } from './defaults.ts';
import { primaryRawId, toRef, type ConsentSubject } from './subject.ts';

export { BASE_PURPOSES };

export type ConsentBasis = 'necessary' | 'granted' | 'denied' | 'default-allow' | 'default-deny';

export interface ConsentDecision {
  allowed: boolean;
  /** Why: 'necessary', 'granted', 'denied', 'default-allow', 'default-deny'. */
  basis: ConsentBasis;
}

/** Where recorded consent comes from. */
export type RecordedConsent = 'granted' | 'denied' | undefined;

/**
 * A minimal store of recorded choices keyed by one subject string (custom stores, tests). The platform's own store
 * is the person-level ConsentService (consent-service.ts); this interface stays for callers that bring their own.
 */
export interface ConsentStore {
  lookup(tenantId: string, subject: string, purpose: string): Promise<RecordedConsent>;
  /** Every recorded choice of these subjects, keyed `${subject}\0${purpose}` (one query for a whole batch). */
  lookupMany?(tenantId: string, subjects: string[]): Promise<Map<string, RecordedConsent>>;
  record?(tenantId: string, c: { subject: string; purpose: string; granted: boolean; at: Date; eventId?: string | null }): Promise<boolean>;
}

/**
 * The default policy applied to a recorded choice (or none): 'necessary' is always allowed; 'analytics' and
 * 'personalisation' are allowed by default (legitimate interest) unless denied; 'marketing' and any other purpose
 * need an explicit grant (opt-in).
 */
export function verdict(purpose: string, recorded: RecordedConsent | boolean | undefined): ConsentDecision {
  if (purpose === 'necessary') return { allowed: true, basis: 'necessary' };
  if (recorded === 'granted' || recorded === true) return { allowed: true, basis: 'granted' };
  if (recorded === 'denied' || recorded === false) return { allowed: false, basis: 'denied' };
  return OPT_OUT_PURPOSES.has(purpose) ? { allowed: true, basis: 'default-allow' } : { allowed: false, basis: 'default-deny' };
}

/** The subject string a simple store keys choices by: the userId, else the anonymousId (what events carry). */
function subjectString(subject: ConsentSubject | null): string | null {
  const ref = toRef(subject);
  return primaryRawId(ref) ?? ref.personId ?? null;
}

/** Decisions over a simple ConsentStore (no persons): what createPrivacyApi uses when given a custom store. */
export class ConsentPolicy {
  constructor(private readonly store: ConsentStore) {}

  async decide(tenantId: string, subject: ConsentSubject | null, purpose: string): Promise<ConsentDecision> {
    if (purpose === 'necessary') return verdict(purpose, undefined);
    const s = subjectString(subject);
    return verdict(purpose, s ? await this.store.lookup(tenantId, s, purpose) : undefined);
  }

  /** Decisions for a whole batch of (subject, purpose) pairs with one store lookup when the store supports it. */
  async decideMany(tenantId: string, asks: { subject: ConsentSubject | null; purpose: string }[]): Promise<ConsentDecision[]> {
    if (!this.store.lookupMany) return Promise.all(asks.map((a) => this.decide(tenantId, a.subject, a.purpose)));
    const subjects = asks.map((a) => (a.purpose === 'necessary' ? null : subjectString(a.subject)));
    const wanted = [...new Set(subjects.filter((s): s is string => !!s))];
    const recorded = wanted.length ? await this.store.lookupMany(tenantId, wanted) : new Map<string, RecordedConsent>();
    return asks.map((a, i) => verdict(a.purpose, subjects[i] ? recorded.get(`${subjects[i]}\u0000${a.purpose}`) : undefined));
  }
}

/** A store with no records: every decision falls to the default policy. */
export const EMPTY_CONSENT_STORE: ConsentStore = { lookup: async () => undefined };
