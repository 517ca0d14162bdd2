import type { EventSummary } from './types';

/** How many live events the page keeps on screen. */
export const LIVE_MAX_ROWS = 200;

/**
 * Adds pushed events to the list on screen: newest first, no eventId twice, at most `max` rows (the oldest go).
 * Returns the same array when nothing changed, so React skips the render.
 */
export function appendLive(current: EventSummary[], incoming: EventSummary[], max = LIVE_MAX_ROWS): EventSummary[] {
  if (!incoming.length) return current;
  const seen = new Set(current.map((e) => e.eventId));
  const fresh: EventSummary[] = [];
  for (let i = incoming.length - 1; i >= 0; i--) {
    const e = incoming[i];
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    fresh.push(e);
  }
  if (!fresh.length) return current;
  return [...fresh, ...current].slice(0, max);
}

/** A short text of an event's properties for one table cell: `productId=p1 · price=9.5`. */
export function propertiesText(properties: Record<string, unknown>, maxLength = 80): string {
  const text = Object.entries(properties)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
