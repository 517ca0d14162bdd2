/** Per-connection rate limit: `rate` tokens per second, bursts up to `burst`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(readonly rate: number, readonly burst = rate * 2, now = Date.now()) {
    this.#tokens = burst;
    this.#at = now;
  }

  /** Takes `n` tokens; on refusal, the ms until they are there. */
  take(n: number, now = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.rate);
    this.#at = now;
    if (this.#tokens >= n) {
      this.#tokens -= n;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((n - this.#tokens) / this.rate) * 1000) };
  }
}
