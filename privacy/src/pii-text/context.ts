/** The `width` characters before `index`, lowercased (cue words are matched on this bounded window only). */
export function windowBefore(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}

/** The `width` characters after `index`, lowercased. */
export function windowAfter(text: string, index: number, width: number): string {
  return text.slice(index, index + width).toLowerCase();
}

/** Keeps a score in [0, 1], rounded to 2 decimals so reports stay readable. */
export function clampScore(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
}
