/** Processing purposes every tenant has; plugins add their own through `purposes` in their definition. */
export const BASE_PURPOSES = ['necessary', 'analytics', 'personalisation', 'marketing'] as const;

export interface ConsentDecision {
  allowed: boolean;
  /** Why: 'necessary', 'granted', 'denied', 'default-allow', 'default-deny'. */
  basis: string;
}

/** Where recorded consent comes from. The privacy issue backs it with per-person records; the default has none. */
export type RecordedConsent = 'granted' | 'denied' | undefined;

export interface ConsentStore {
  lookup(tenantId: string, subject: string, purpose: string): Promise<RecordedConsent>;
  /** Every recorded choice of these subjects, keyed `${subject}\0${purpose}` (one query for a whole batch). */
  lookupMany?(tenantId: string, subjects: string[]): Promise<Map<string, RecordedConsent>>;
  record?(tenantId: string, c: { subject: string; purpose: string; granted: boolean; at: Date; eventId?: string | null }): Promise<boolean>;
}

/**
 * Default policy until people record choices: 'necessary' is always allowed; 'analytics' and
 * 'personalisation' are allowed by default (legitimate interest) unless denied; 'marketing' and any other
 * purpose need an explicit grant (opt-in).
 */
export class ConsentPolicy {
  constructor(private readonly store: ConsentStore, private readonly optOutPurposes: ReadonlySet<string> = new Set(['analytics', 'personalisation'])) {}

  async decide(tenantId: string, personId: string | null, purpose: string): Promise<ConsentDecision> {
    if (purpose === 'necessary') return { allowed: true, basis: 'necessary' };
    const recorded = personId ? await this.store.lookup(tenantId, personId, purpose) : undefined;
    return this.#verdict(purpose, recorded);
  }

  /** Decisions for a whole batch of (subject, purpose) pairs with one store lookup when the store supports it. */
  async decideMany(tenantId: string, asks: { subject: string | null; purpose: string }[]): Promise<ConsentDecision[]> {
    if (!this.store.lookupMany) return Promise.all(asks.map((a) => this.decide(tenantId, a.subject, a.purpose)));
    const subjects = asks.filter((a) => a.subject && a.purpose !== 'necessary').map((a) => a.subject!);
    const recorded = subjects.length ? await this.store.lookupMany(tenantId, subjects) : new Map<string, RecordedConsent>();
    return asks.map((a) => (a.purpose === 'necessary' ? { allowed: true, basis: 'necessary' } : this.#verdict(a.purpose, a.subject ? recorded.get(`${a.subject}\u0000${a.purpose}`) : undefined)));
  }

  #verdict(purpose: string, recorded: RecordedConsent): ConsentDecision {
    if (recorded === 'granted') return { allowed: true, basis: 'granted' };
    if (recorded === 'denied') return { allowed: false, basis: 'denied' };
    return this.optOutPurposes.has(purpose) ? { allowed: true, basis: 'default-allow' } : { allowed: false, basis: 'default-deny' };
  }
}

/** A store with no records: every decision falls to the default policy. */
export const EMPTY_CONSENT_STORE: ConsentStore = { lookup: async () => undefined };
