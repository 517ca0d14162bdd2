/** Processing purposes every tenant has; plugins add their own through `purposes` in their definition. */
export const BASE_PURPOSES = ['necessary', 'analytics', 'personalisation', 'marketing'] as const;

export interface ConsentDecision {
  allowed: boolean;
  /** Why: 'necessary', 'granted', 'denied', 'default-allow', 'default-deny'. */
  basis: string;
}

/** Where recorded consent comes from. The privacy issue backs it with per-person records; the default has none. */
export interface ConsentStore {
  lookup(tenantId: string, personId: string, purpose: string): Promise<'granted' | 'denied' | undefined>;
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
    if (recorded === 'granted') return { allowed: true, basis: 'granted' };
    if (recorded === 'denied') return { allowed: false, basis: 'denied' };
    return this.optOutPurposes.has(purpose) ? { allowed: true, basis: 'default-allow' } : { allowed: false, basis: 'default-deny' };
  }
}

/** A store with no records: every decision falls to the default policy. */
export const EMPTY_CONSENT_STORE: ConsentStore = { lookup: async () => undefined };
