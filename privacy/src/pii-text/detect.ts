import { addressDetector } from './address.detector.ts';
import { cardDetector } from './card.detector.ts';
import { resolveDetectOptions, type DetectOptions } from './detect-options.ts';
import { emailDetector } from './email.detector.ts';
import { ibanDetector } from './iban.detector.ts';
import { ipDetector } from './ip.detector.ts';
import { resolveOverlaps } from './overlap.ts';
import { personDetector } from './person.detector.ts';
import { phoneDetector } from './phone.detector.ts';
import { piiTextError } from './pii-text.errors.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/** Every detector, one per entity type. */
export const DETECTORS: readonly PiiDetector[] = [emailDetector, ibanDetector, cardDetector, ipDetector, phoneDetector, addressDetector, personDetector];

/**
 * Finds personal data in free text (support messages, reviews): one pass per detector with precompiled, bounded
 * patterns (linear in the text length), then overlap resolution. Returns spans sorted by start; the text itself is
 * not copied into them.
 *
 * @throws AppError PRIVACY_ERR_PII_INVALID_OPTIONS when `text` is not a string or the options are invalid.
 */
export function detect(text: string, opts?: DetectOptions): PiiSpan[] {
  if (typeof text !== 'string') throw piiTextError('PRIVACY_ERR_PII_INVALID_OPTIONS', [`text must be a string, got ${text === null ? 'null' : typeof text}`]);
  const o = resolveDetectOptions(opts);
  if (!text) return [];
  const raw: PiiSpan[] = [];
  const ctx = { phoneRegions: o.phoneRegions };
  for (const d of DETECTORS) {
    if (!o.types.has(d.type)) continue;
    for (const s of d.detect(text, ctx)) if (s.score >= o.minScore) raw.push(s);
  }
  return o.resolveOverlaps ? resolveOverlaps(raw) : raw.sort((a, b) => a.start - b.start || b.end - a.end);
}
