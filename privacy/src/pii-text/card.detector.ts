import { cardBrand } from './card-brands.ts';
import { clampScore, windowBefore } from './context.ts';
import { luhnValid } from './luhn.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/** 12–19 digits, optionally grouped by single spaces or dashes; not part of a longer number or word. */
const CANDIDATE_RE = /(?<![\w.,\-/])\d(?:[ \-]?\d){11,18}(?![\w\-/]|[.,]\d)/g;
const CARD_CUE = /\b(?:card|visa|master ?card|amex|american express|discover|maestro|jcb|diners|unionpay|credit|debit|cc|pan|payment|paid with|charged)\b/;
/** Numbers that carry check digits of their own and are often Luhn-valid: order and tracking numbers, IMEIs, EANs. */
const NOT_CARD_CUE = /\b(?:order|tracking|track|invoice|ref|reference|isbn|issn|serial|imei|sku|upc|ean|gtin|barcode|account no|acct|routing|iban|phone|tel|mobile|fax)\b[^\d]{0,12}$/;

/**
 * Payment card numbers: Luhn-valid and inside a scheme's IIN range with a length that scheme issues
 * (card-brands.ts). Grouping must look like a card (groups of at least 3 digits, one separator kind).
 */
export const cardDetector: PiiDetector = {
  type: 'CREDIT_CARD',
  detect(text) {
    const out: PiiSpan[] = [];
    for (const m of text.matchAll(CANDIDATE_RE)) {
      const raw = m[0];
      const digits = raw.replace(/[ \-]/g, '');
      const grouped = digits.length !== raw.length;
      if (grouped) {
        const seps = new Set(raw.replace(/\d/g, ''));
        if (seps.size > 1 || raw.split(/[ \-]/).some((g) => g.length < 3)) continue;
      }
      if (!luhnValid(digits)) continue;
      const brand = cardBrand(digits);
      const before = windowBefore(text, m.index, 40);
      const cue = CARD_CUE.test(before);
      if (NOT_CARD_CUE.test(before) && !cue) continue;
      let score: number;
      if (brand) score = (grouped ? 0.9 : 0.85) + (cue ? 0.08 : 0);
      else score = cue ? 0.6 : 0.3;
      out.push({ start: m.index, end: m.index + raw.length, type: 'CREDIT_CARD', score: clampScore(score), detector: brand ? 'card-luhn-iin' : 'card-luhn' });
    }
    return out;
  },
};
