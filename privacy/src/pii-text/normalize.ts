import type { PiiEntityType } from './types.ts';

/**
 * The canonical form of a value before it is hashed, so that spellings of one value get one pseudonym:
 * e-mails lowercased; phone numbers as digits with a leading `+` when international (`00` becomes `+`; national and
 * international spellings of one number still differ); card numbers and IBANs without separators, IBANs upper-case;
 * IP addresses lowercased; names and addresses NFKC, lowercased, whitespace and quote markers collapsed.
 */
export function normalizeValue(type: PiiEntityType, value: string): string {
  switch (type) {
    case 'EMAIL':
    case 'IP_ADDRESS':
      return value.trim().toLowerCase();
    case 'PHONE': {
      const t = value.trim();
      const digits = t.replace(/\D/g, '');
      if (t.startsWith('+')) return `+${digits}`;
      if (t.startsWith('00')) return `+${digits.slice(2)}`;
      return digits;
    }
    case 'CREDIT_CARD':
      return value.replace(/\D/g, '');
    case 'IBAN':
      return value.replace(/\s/g, '').toUpperCase();
    case 'ADDRESS':
    case 'PERSON':
      return value.normalize('NFKC').replace(/[\s>]+/g, ' ').trim().toLowerCase();
  }
}
