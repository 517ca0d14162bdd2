import { ConsentPolicy, EMPTY_CONSENT_STORE, type ConsentDecision, type ConsentStore } from './consent-policy.ts';
import { PiiRegistry } from './registry.ts';

/** The privacy API the core hands to every plugin (`ctx.privacy`). */
export interface PrivacyApi {
  readonly registry: PiiRegistry;
  /** One enforcement point: may this person's data be processed for this purpose? */
  allowed(tenantId: string, personId: string | null, purpose: string): Promise<ConsentDecision>;
}

export function createPrivacyApi(opts: { registry?: PiiRegistry; consentStore?: ConsentStore } = {}): PrivacyApi {
  const registry = opts.registry ?? new PiiRegistry();
  const policy = new ConsentPolicy(opts.consentStore ?? EMPTY_CONSENT_STORE);
  return {
    registry,
    allowed: (tenantId, personId, purpose) => policy.decide(tenantId, personId, purpose),
  };
}
