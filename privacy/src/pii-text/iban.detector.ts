import { IBAN_LENGTHS, ibanChecksumValid } from './iban-countries.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/** Where an IBAN can start: a country code and two check digits at a word start (case-insensitive). */
const START_RE = /(?<![\p{L}\p{N}_])([A-Za-z]{2})(\d{2})/gu;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * IBANs, compact (`DE89370400440532013000`) or printed in groups (`DE89 3704 0044 0532 0130 00`): the country's
 * registry length is read from the start, the rest must pass ISO 7064 MOD 97-10. A wrong checksum is not reported.
 */
export const ibanDetector: PiiDetector = {
  type: 'IBAN',
  detect(text) {
    const out: PiiSpan[] = [];
    START_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = START_RE.exec(text))) {
      const country = m[1].toUpperCase();
      const length = IBAN_LENGTHS[country];
      if (!length) continue;
      // Read exactly `length` alphanumerics, allowing one space between characters (bounded by the registry length).
      let compact = '';
      let i = m.index;
      while (i < text.length && compact.length < length) {
        const c = text.charCodeAt(i);
        if (isAlnum(c)) {
          compact += text[i];
          i++;
        } else if (c === 32 && compact.length >= 4 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
          i++;
        } else break;
      }
      if (compact.length !== length) continue;
      // The IBAN must end at a boundary: a following alphanumeric means a longer token (or a wrong length).
      if (i < text.length && isAlnum(text.charCodeAt(i))) continue;
      const upper = compact.toUpperCase();
      if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(upper) || !ibanChecksumValid(upper)) continue;
      const lower = compact !== upper;
      out.push({ start: m.index, end: i, type: 'IBAN', score: lower ? 0.85 : 0.95, detector: 'iban-mod97' });
      START_RE.lastIndex = i;
    }
    return out;
  },
};
