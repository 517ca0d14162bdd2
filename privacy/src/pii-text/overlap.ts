import type { PiiEntityType, PiiSpan } from './types.ts';

/** When two types claim the same characters with the same score, the more specific (better validated) one wins. */
const PRIORITY: Record<PiiEntityType, number> = { EMAIL: 0, IBAN: 1, CREDIT_CARD: 2, IP_ADDRESS: 3, PHONE: 4, ADDRESS: 5, PERSON: 6 };

const CONTAINED_MARGIN = 0.15;

/** Step 2 of resolveOverlaps; a sweep over spans sorted by start, comparing each with the spans still open. */
function dropContained(spans: PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const drop = new Set<PiiSpan>();
  const open: PiiSpan[] = [];
  for (const s of sorted) {
    for (let k = open.length - 1; k >= 0; k--) if (open[k].end <= s.start) open.splice(k, 1);
    for (const c of open) {
      if (c.type !== s.type && c.end >= s.end && c.end - c.start > s.end - s.start && c.score >= s.score - CONTAINED_MARGIN) {
        drop.add(s);
        break;
      }
    }
    open.push(s);
  }
  return drop.size ? sorted.filter((s) => !drop.has(s)) : sorted;
}

/**
 * Turns raw detector output into non-overlapping spans, sorted by start:
 * 1. overlapping spans of the same type are one entity: merged into their union, keeping the best score and detector;
 * 2. a span inside a longer span of another type that scores almost as well (within CONTAINED_MARGIN) is dropped: the
 *    longer one explains it ("Apt" the title-cased word inside a street address, a house number read as a phone);
 * 3. across types, the highest score wins, then the longer span, then the more specific type (greedy, O(n log n)).
 */
export function resolveOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const byType = new Map<PiiEntityType, PiiSpan[]>();
  for (const s of spans) {
    const list = byType.get(s.type);
    if (list) list.push(s);
    else byType.set(s.type, [s]);
  }
  const merged: PiiSpan[] = [];
  for (const list of byType.values()) {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    let cur: PiiSpan | null = null;
    for (const s of list) {
      if (cur && s.start < cur.end) {
        if (s.score > cur.score) {
          cur.score = s.score;
          cur.detector = s.detector;
        }
        if (s.end > cur.end) cur.end = s.end;
      } else {
        if (cur) merged.push(cur);
        cur = { ...s };
      }
    }
    if (cur) merged.push(cur);
  }
  const kept = dropContained(merged);
  kept.sort((a, b) => b.score - a.score || (b.end - b.start) - (a.end - a.start) || PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start);
  // Accepted spans, kept sorted by start; an insertion point's neighbours tell whether a candidate overlaps.
  const accepted: PiiSpan[] = [];
  for (const s of kept) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (accepted[mid].start < s.start) lo = mid + 1;
      else hi = mid;
    }
    const before = accepted[lo - 1];
    const after = accepted[lo];
    if ((before && before.end > s.start) || (after && after.start < s.end)) continue;
    accepted.splice(lo, 0, s);
  }
  return accepted;
}
