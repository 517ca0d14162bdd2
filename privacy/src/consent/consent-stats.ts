import type { ConsentModels } from './consent-service.ts';
import { purposeDefault, type DeclaredPurpose, type PurposeDefault } from './purposes.ts';

export interface Rate { granted: number; denied: number; rate: number | null }

export interface ConsentStats {
  from: string;
  to: string;
  purposes: (Rate & { purpose: string; default: PurposeDefault })[];
  channels: (Rate & { channel: string; purpose: string })[];
  timeline: { day: string; purpose: string; granted: number; withdrawn: number }[];
  totals: { subjects: number; records: number; changes: number };
  truncated: boolean;
}

/** Documents the dashboard reads at most per collection (newest first); beyond that it says `truncated`. */
export const STATS_MAX_DOCS = 50_000;

const rate = (granted: number, denied: number): Rate => ({ granted, denied, rate: granted + denied ? granted / (granted + denied) : null });
const bump = <K>(m: Map<K, { granted: number; denied: number }>, k: K, granted: boolean) => {
  const c = m.get(k) ?? m.set(k, { granted: 0, denied: 0 }).get(k)!;
  if (granted) c.granted++;
  else c.denied++;
};

/**
 * The consent dashboard's numbers: grant rates per purpose and per (channel, purpose) over the current choices
 * (privacy_consents), and grants/withdrawals per day and purpose over the history of the last `days`. Counted in
 * the process: the embedded store's `$group` keeps only one accumulator reliably (docs/ferretdb.md).
 */
export async function consentStats(models: ConsentModels, tenantId: string, declared: DeclaredPurpose[], days: number, now = new Date()): Promise<ConsentStats> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * 86_400_000);
  const [records, history] = await Promise.all([
    models.records.find({ tenantId }).select('subject purpose granted channel').sort({ at: -1 }).limit(STATS_MAX_DOCS + 1).lean<{ subject: string; purpose: string; granted: boolean; channel?: string | null }[]>(),
    models.history.find({ tenantId, recordedAt: { $gte: start } }).select('purpose granted at channel').sort({ recordedAt: -1 }).limit(STATS_MAX_DOCS + 1).lean<{ purpose: string; granted: boolean; at: Date }[]>(),
  ]);
  const truncated = records.length > STATS_MAX_DOCS || history.length > STATS_MAX_DOCS;
  const current = records.slice(0, STATS_MAX_DOCS);
  const changes = history.slice(0, STATS_MAX_DOCS);

  const byPurpose = new Map<string, { granted: number; denied: number }>();
  const byChannel = new Map<string, { granted: number; denied: number }>();
  for (const r of current) {
    bump(byPurpose, r.purpose, r.granted);
    bump(byChannel, `${r.channel ?? 'unknown'}\u0000${r.purpose}`, r.granted);
  }
  const names = [...new Set([...declared.map((d) => d.purpose), ...byPurpose.keys()])];
  const timeline = new Map<string, { granted: number; withdrawn: number }>();
  for (const h of changes) {
    const day = new Date(h.at < start ? start : h.at).toISOString().slice(0, 10);
    const k = `${day}\u0000${h.purpose}`;
    const c = timeline.get(k) ?? timeline.set(k, { granted: 0, withdrawn: 0 }).get(k)!;
    if (h.granted) c.granted++;
    else c.withdrawn++;
  }
  return {
    from: start.toISOString(),
    to: now.toISOString(),
    purposes: names.map((purpose) => ({ purpose, default: purposeDefault(purpose), ...rate(byPurpose.get(purpose)?.granted ?? 0, byPurpose.get(purpose)?.denied ?? 0) })),
    channels: [...byChannel].map(([k, c]) => {
      const [channel, purpose] = k.split('\u0000') as [string, string];
      return { channel, purpose, ...rate(c.granted, c.denied) };
    }).sort((a, b) => a.channel.localeCompare(b.channel) || a.purpose.localeCompare(b.purpose)),
    timeline: [...timeline].map(([k, c]) => {
      const [day, purpose] = k.split('\u0000') as [string, string];
      return { day, purpose, ...c };
    }).sort((a, b) => a.day.localeCompare(b.day) || a.purpose.localeCompare(b.purpose)),
    totals: { subjects: new Set(current.map((r) => r.subject)).size, records: current.length, changes: changes.length },
    truncated,
  };
}
