/** The entity types the free-text PII detector finds. */
export const PII_ENTITY_TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'ADDRESS', 'PERSON'] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/**
 * One detected piece of personal data: `text.slice(start, end)` (UTF-16 offsets, end exclusive). The matched text is
 * deliberately not part of the span, so spans can be logged or stored without leaking what they point at.
 */
export interface PiiSpan {
  start: number;
  end: number;
  type: PiiEntityType;
  /** Confidence in [0, 1]; spans below `DetectOptions.minScore` are dropped. */
  score: number;
  /** Which rule found it, e.g. `email`, `card-luhn-iin`, `person-honorific`. */
  detector: string;
}

/** What every detector receives besides the text (options already validated and defaulted). */
export interface DetectorContext {
  /** Regions (ISO 3166-1 alpha-2) whose national phone formats are accepted without a `+` prefix. */
  readonly phoneRegions: readonly string[];
}

/** A detector: one entity type, one pass over the text, precompiled patterns. */
export interface PiiDetector {
  readonly type: PiiEntityType;
  detect(text: string, ctx: DetectorContext): PiiSpan[];
}
