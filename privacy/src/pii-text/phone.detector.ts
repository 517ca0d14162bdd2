import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { clampScore, windowBefore } from './context.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/**
 * A phone-number candidate: an optional `+`/`00`, then digits with spaces, dots, dashes, slashes or parentheses
 * between them, 7+ characters, ending in a digit; not glued to a word, an e-mail, or a longer dotted/dashed number.
 * Bounded, so linear; the real test is libphonenumber-js (full "max" metadata) below.
 */
const CANDIDATE_RE = /(?<![\w+@.\-/])(?:\+|00)?[\d(][\d ().\-/]{5,24}\d(?:[ ]?(?:ext\.?|x|#)[ ]?\d{1,5})?(?![\w@]|[.\-/]\d)/g;
const PHONE_CUE = /\b(?:phone|phones|tel|tele|telephone|mobile|mob|cell|cellphone|fax|call|calling|ring|text|sms|whatsapp|signal|viber|telegram|contact|reach|dial|ph|tlf|telefon|telefono|téléphone|tél|handy|hotline|helpline|desk|landline|direct line)\b[^\d]{0,16}$/;
const NOT_PHONE_CUE = /\b(?:order|orders|invoice|ref|reference|tracking|track|account|acct|isbn|serial|sku|upc|ean|zip|postcode|postal|id|item|model|part|case|ticket|version|ssn|social security|card|iban|routing|swift|price|total|amount|qty|quantity|year|years|page|pages|license|licence|passport|tax|vat|policy|member|membership|customer|employee|badge|pin|code|room|suite|apt|unit|flat|box)\b[^\d]{0,12}$|[#№$€£¥]\s?$/;
/** A date anywhere in the candidate ("2007-01-17 23" is a date and an hour, "17/01/2007" a date). */
const DATE_INSIDE = /(?:^|[^\d.\-/])(?:\d{4}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:\d{4}|\d{2})|(?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:\d{4}|\d{2}))(?:[ T]|$)/;
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const SSN_LIKE = /^\d{3}-\d{2}-\d{4}$/;
const TIME_OR_RANGE = /^\d{1,4}\s?-\s?\d{1,4}$/;

interface Verdict {
  valid: boolean;
  possible: boolean;
  /** Index in phoneRegions of the region that validated it (0 for international numbers); Infinity when none. */
  rank: number;
}

function check(candidate: string, regions: readonly string[]): Verdict {
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  if (international) {
    // "+41 (0)96 471 07 95": the national trunk prefix in parentheses is not dialled from abroad.
    const intl = (candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate).replace(/\(0\)\s?/, '');
    const p = parsePhoneNumberFromString(intl);
    return { valid: !!p?.isValid(), possible: !!p?.isPossible(), rank: p?.isValid() ? 0 : Infinity };
  }
  let possible = false;
  for (let r = 0; r < regions.length; r++) {
    let p: PhoneNumber | undefined;
    try {
      p = parsePhoneNumberFromString(candidate, regions[r] as CountryCode);
    } catch {
      p = undefined;
    }
    if (!p) continue;
    if (p.isValid()) return { valid: true, possible: true, rank: r };
    possible ||= p.isPossible();
  }
  return { valid: false, possible, rank: Infinity };
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Parentheses must pair up, at most one open at a time ("(030) 1234", not "(1(2)"). */
function parensBalanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return false;
  }
  return depth === 0;
}

/** Real numbers have few groups and few one-digit groups ("+1 (415) 555-2671"); "1 2 3 4 5 6 7" is not one. */
function phoneShaped(candidate: string): boolean {
  const groups = candidate.split(/[ ().\-/]+/).filter(Boolean);
  return groups.length <= 7 && groups.filter((g) => g.length === 1).length <= 2;
}

/**
 * Phone numbers, validated with libphonenumber-js: with a `+` or `00` prefix against the whole numbering plan; without
 * one against the national formats of `phoneRegions` (the tenant's countries). A number that is only "possible"
 * (right length, not a valid range) counts only right after a phone cue ("tel:", "call me on").
 */
export const phoneDetector: PiiDetector = {
  type: 'PHONE',
  detect(text, ctx) {
    const out: PiiSpan[] = [];
    // Validation is the expensive step (~0.1 ms per region): a text gets a budget proportional to its length, so a
    // wall of digits cannot make one call slow (the budget far exceeds the numbers any real message holds).
    let budget = 64 + Math.floor(text.length / 64);
    for (const m of text.matchAll(CANDIDATE_RE)) {
      if (budget <= 0) break;
      let candidate = m[0];
      if (!phoneShaped(candidate)) continue;
      if (DATE_INSIDE.test(candidate) || text[m.index + candidate.length] === ':' || DOTTED_QUAD.test(candidate) || SSN_LIKE.test(candidate) || TIME_OR_RANGE.test(candidate)) continue;
      if (!parensBalanced(candidate)) continue;
      const before = windowBefore(text, m.index, 32);
      if (NOT_PHONE_CUE.test(before)) continue;
      const cue = PHONE_CUE.test(before);
      // The whole candidate and up to 3 shorter ones without trailing groups ("555-123-4567 2" → "555-123-4567"):
      // the one valid in the earliest of phoneRegions wins (the tenant's main market first), the longer on a tie.
      const full = m[0];
      let best: Verdict = { valid: false, possible: false, rank: Infinity };
      let bestText = full;
      let fullPossible = false;
      for (let tries = 0; tries < 4; tries++) {
        const digits = digitCount(candidate);
        if (digits >= 7 && digits <= 15) {
          budget--;
          const v = check(candidate, ctx.phoneRegions);
          if (candidate === full) fullPossible = v.possible;
          if (v.valid && v.rank < best.rank) {
            best = v;
            bestText = candidate;
          }
          if (v.rank === 0) break;
        }
        const cut = candidate.search(/[ .\-/][^ .\-/]*$/);
        if (cut <= 0) break;
        candidate = candidate.slice(0, cut).replace(/[ .\-/(]+$/, '');
      }
      const verdict: Verdict = best.valid ? best : { valid: false, possible: fullPossible, rank: Infinity };
      candidate = best.valid ? bestText : full;
      const international = candidate.startsWith('+') || candidate.startsWith('00');
      const formatted = /[ ().\-/]/.test(candidate);
      let score: number;
      let detector: string;
      if (verdict.valid && international) {
        score = cue ? 0.95 : 0.9;
        detector = 'phone-intl';
      } else if (verdict.valid) {
        // Short national numbers (7–8 digits: "451 5986") collide with every other kind of number: cue needed.
        const short = digitCount(candidate) <= 8;
        score = cue ? (formatted ? 0.9 : 0.75) : formatted && !short ? 0.75 : 0.45;
        detector = 'phone-national';
      } else if (verdict.possible && (cue || international)) {
        // Right length for its plan but not an allocated range (or not one of phoneRegions): weaker evidence.
        score = cue ? 0.6 : 0.45;
        detector = 'phone-possible';
      } else continue;
      out.push({ start: m.index, end: m.index + candidate.length, type: 'PHONE', score: clampScore(score), detector });
    }
    return out;
  },
};
