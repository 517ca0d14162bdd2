import { isIPv6 } from 'node:net';
import { windowBefore } from './context.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Four dotted octets without leading zeros, not part of a longer dotted run (1.2.3.4.5, OIDs) or a word (v1.2.3.4). */
const IPV4_RE = new RegExp(`(?<![\\w.\\-])(?:${OCTET}\\.){3}${OCTET}(?![\\w\\-]|\\.\\d)`, 'g');
/** Colon-separated hex groups (2–8, with `::` compression and an optional trailing IPv4); validated by node:net. */
const IPV6_RE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
/** A dotted quad after these words is a version, a section or a catalogue number, not an address. */
const VERSION_CUE = /\b(?:v|ver|version|versions|release|build|firmware|fw|update|updated|upgrade|upgraded|rev|revision|section|chapter|step|figure|fig|table|rule|item|art|article|clause|§|no|nr|model|sku|oid)\.?\s*$/;
const IP_CUE = /\b(?:ip|ipv4|ipv6|address|addr|host|server|client|from|login|logged|src|dst|source|gateway|dns)\b/;

/** IPv4 and IPv6 addresses. Version numbers and section numbers that look like dotted quads are skipped. */
export const ipDetector: PiiDetector = {
  type: 'IP_ADDRESS',
  detect(text) {
    const out: PiiSpan[] = [];
    if (text.includes('.')) {
      for (const m of text.matchAll(IPV4_RE)) {
        const before = windowBefore(text, m.index, 24);
        if (VERSION_CUE.test(before)) continue;
        // Every octet below 10 (1.2.3.4, 2.0.0.1) reads like a version unless the context says "IP".
        const small = m[0].split('.').every((o) => o.length === 1);
        if (small && !IP_CUE.test(before)) continue;
        out.push({ start: m.index, end: m.index + m[0].length, type: 'IP_ADDRESS', score: IP_CUE.test(before) ? 0.95 : 0.85, detector: 'ipv4' });
      }
    }
    if (text.includes(':')) {
      for (const m of text.matchAll(IPV6_RE)) {
        const s = m[0];
        if (!isIPv6(s)) continue;
        // Require some substance: at least 3 non-empty groups ("::1", "a::b" are too thin to be worth redacting).
        if (s.split(':').filter(Boolean).length < 3) continue;
        out.push({ start: m.index, end: m.index + s.length, type: 'IP_ADDRESS', score: 0.9, detector: 'ipv6' });
      }
    }
    return out;
  },
};
