/**
 * Issuer identification number (IIN) ranges of the major card schemes and the PAN lengths each issues, after the
 * schemes' published ranges (ISO/IEC 7812 numbering). A number must be Luhn-valid *and* fall in one of these ranges with
 * an allowed length to count as a card. Maestro's broad 50/56–69 range is why 12-digit numbers can be cards at all.
 */
interface BrandRange {
  brand: string;
  /** Inclusive prefix range, compared on the first `digits` digits. */
  from: number;
  to: number;
  digits: number;
  lengths: readonly number[];
}

const range = (brand: string, from: number, to: number, lengths: readonly number[]): BrandRange => ({ brand, from, to, digits: String(from).length, lengths });
const L16_19 = [16, 17, 18, 19] as const;

const RANGES: readonly BrandRange[] = [
  range('visa', 4, 4, [13, 16, 19]),
  range('mastercard', 51, 55, [16]),
  range('mastercard', 2221, 2720, [16]),
  range('amex', 34, 34, [15]),
  range('amex', 37, 37, [15]),
  range('discover', 6011, 6011, L16_19),
  range('discover', 644, 649, L16_19),
  range('discover', 65, 65, L16_19),
  range('unionpay', 62, 62, L16_19),
  range('diners', 300, 305, [14, 15, 16, 17, 18, 19]),
  range('diners', 3095, 3095, [14, 15, 16, 17, 18, 19]),
  range('diners', 36, 36, [14, 15, 16, 17, 18, 19]),
  range('diners', 38, 39, [14, 15, 16, 17, 18, 19]),
  range('jcb', 3528, 3589, L16_19),
  range('mir', 2200, 2204, L16_19),
  range('rupay', 60, 60, [16]),
  range('rupay', 81, 82, [16]),
  range('maestro', 50, 50, [12, 13, 14, 15, 16, 17, 18, 19]),
  range('maestro', 56, 69, [12, 13, 14, 15, 16, 17, 18, 19]),
];

/** The scheme whose IIN range and length fit these PAN digits, or null. */
export function cardBrand(digits: string): string | null {
  for (const r of RANGES) {
    if (!r.lengths.includes(digits.length)) continue;
    const prefix = Number(digits.slice(0, r.digits));
    if (prefix >= r.from && prefix <= r.to) return r.brand;
  }
  return null;
}
