import type { AuditApi } from '../privacy-api.ts';

interface Tally {
  reads: number;
  events: number;
  /** Events carrying sealed personal fields (identify traits, redacted text). */
  personal: number;
  withheld: number;
  subjects: Set<string>;
  types: Set<string>;
}

const MAX_SUBJECTS = 10_000;

/**
 * Plugin access to shoppers' data, for the audit log. Every delivery and every `ctx.events` read is tallied per
 * (tenant, plugin) in memory and written as one `plugin.data.access` entry per window (default 60 s): the chain
 * records which plugin read how many events and how many distinct subjects, without one hash-chained write per read.
 * Counts and ids only, never values.
 */
export class PluginAccessLog {
  readonly #tallies = new Map<string, Tally>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly audit: AuditApi, private readonly onError: (err: unknown) => void, readonly windowMs = 60_000) {
    this.#timer = setInterval(() => void this.flush().catch(onError), windowMs);
    this.#timer.unref();
  }

  note(tenantId: string, plugin: string, events: { type: string; userId?: string | null; anonymousId?: string | null; traits?: unknown; redacted?: unknown }[], withheld = 0): void {
    if (!events.length && !withheld) return;
    const key = `${tenantId}\u0000${plugin}`;
    let t = this.#tallies.get(key);
    if (!t) this.#tallies.set(key, (t = { reads: 0, events: 0, personal: 0, withheld: 0, subjects: new Set(), types: new Set() }));
    t.reads++;
    t.events += events.length;
    t.withheld += withheld;
    for (const e of events) {
      if (e.traits || e.redacted) t.personal++;
      const subject = e.userId ?? e.anonymousId;
      if (subject && t.subjects.size < MAX_SUBJECTS) t.subjects.add(subject);
      if (t.types.size < 50) t.types.add(e.type);
    }
  }

  /** Writes one entry per (tenant, plugin) tallied since the last flush. */
  async flush(): Promise<number> {
    const entries = [...this.#tallies];
    this.#tallies.clear();
    for (const [key, t] of entries) {
      const [tenantId, plugin] = key.split('\u0000') as [string, string];
      await this.audit.record({
        tenantId, actor: { kind: 'plugin', id: plugin }, action: 'plugin.data.access', target: { type: 'Plugin', id: plugin },
        details: { reads: t.reads, events: t.events, withPersonalData: t.personal, withheldForConsent: t.withheld, subjects: t.subjects.size, subjectsCapped: t.subjects.size >= MAX_SUBJECTS, types: [...t.types].sort(), windowMs: this.windowMs },
      });
    }
    return entries.length;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
