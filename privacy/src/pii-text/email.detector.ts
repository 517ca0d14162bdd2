import type { PiiDetector, PiiSpan } from './types.ts';

/**
 * E-mail addresses (RFC 5321 dot-atom forms people actually type: `first.last+tag@sub.example.co.uk`). Every quantifier
 * is bounded and a match can only start after a non-address character, so the pass stays linear on any input.
 * Not covered: quoted local parts, IP-literal domains, internationalised (non-ASCII) addresses, "name at domain dot com".
 */
const EMAIL_RE = /(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-]|\.[A-Za-z0-9])/g;

export const emailDetector: PiiDetector = {
  type: 'EMAIL',
  detect(text) {
    if (!text.includes('@')) return [];
    const out: PiiSpan[] = [];
    for (const m of text.matchAll(EMAIL_RE)) {
      const local = m[0].slice(0, m[0].indexOf('@'));
      // "a..b@x.io" or a local part ending in a dot is not an address someone can receive mail at.
      if (local.includes('..') || local.endsWith('.')) continue;
      out.push({ start: m.index, end: m.index + m[0].length, type: 'EMAIL', score: 0.95, detector: 'email' });
    }
    return out;
  },
};
