/** Upper bounds (ms) of the convergence buckets: 1 ms … 60 s, about 20 % apart; one more bucket counts the rest. */
export const CONVERGENCE_BUCKETS_MS: readonly number[] = (() => {
  const out: number[] = [];
  for (let v = 1; v < 60_000; v = Math.max(v + 1, Math.round(v * 1.2))) out.push(v);
  out.push(60_000);
  return out;
})();

export function emptyCounts(): number[] {
  return new Array(CONVERGENCE_BUCKETS_MS.length + 1).fill(0);
}

export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = CONVERGENCE_BUCKETS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= CONVERGENCE_BUCKETS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Adds `b` into `a` (same length; a shorter `b` — an older layout — is added as far as it goes). */
export function addCounts(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < Math.min(a.length, b.length); i++) a[i]! += b[i]!;
  return a;
}

/** The q-quantile (0..1) as the upper bound of the bucket that holds it; null without samples. */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, n) => s + n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return i < CONVERGENCE_BUCKETS_MS.length ? CONVERGENCE_BUCKETS_MS[i]! : Infinity;
  }
  return null;
}
