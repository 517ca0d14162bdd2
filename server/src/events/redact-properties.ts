import { anonymize, detect } from '../../../privacy/src/pii-text/index.ts';
import type { PiiEntityType } from '../../../privacy/src/pii-text/types.ts';

/** Property keys holding text a person wrote (support messages, reviews, notes): every detector runs on them. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['text', 'message', 'body', 'comment', 'review', 'note', 'content', 'question', 'answer', 'subject']);
/** Other string properties (titles, queries, urls) only get the pattern detectors: names would misfire on product titles. */
const PATTERN_TYPES: PiiEntityType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'];
/** Cheap pre-filter for non-free-text strings: nothing to find without an '@', a run of digits or an IPv6 colon. */
const MAY_HOLD_PATTERN = /@|\d{4}|[0-9a-f]{1,4}:[0-9a-f]{0,4}:/i;

export interface RedactedProperties {
  properties: Record<string, unknown>;
  /** Original values of the redacted properties by key, or null when nothing was found (sealed at rest). */
  originals: Record<string, string> | null;
  /** Entity types found. */
  found: string[];
}

/**
 * Free-text PII redaction of an event's top-level string properties before they are stored in clear: detected
 * e-mails, phones, cards, IBANs, IPs (and, in free-text keys, addresses and person names) become type tags
 * (`<EMAIL>`); the originals go to the event's encrypted `redacted` field (sealed with the subject's key,
 * readable by allowed roles, gone when the key is shredded).
 */
export function redactProperties(properties: Record<string, unknown>): RedactedProperties {
  let out: Record<string, unknown> | null = null;
  let originals: Record<string, string> | null = null;
  const found = new Set<string>();
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value !== 'string' || value.length < 6) continue;
    const freeText = FREE_TEXT_KEYS.has(key);
    if (!freeText && !MAY_HOLD_PATTERN.test(value)) continue;
    const spans = detect(value, freeText ? undefined : { types: PATTERN_TYPES });
    if (!spans.length) continue;
    out ??= { ...properties };
    originals ??= {};
    out[key] = anonymize(value, spans).text;
    originals[key] = value;
    for (const s of spans) found.add(s.type);
  }
  return { properties: out ?? properties, originals, found: [...found] };
}
