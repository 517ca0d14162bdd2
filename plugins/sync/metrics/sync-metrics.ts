import type { Model } from 'mongoose';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { addCounts, bucketOf, emptyCounts, quantile } from './histogram.ts';

interface Minute { convergence: number[]; commits: number; resyncs: number; digestMismatches: number }

/**
 * The consistency signals of one API instance: convergence time (commit accepted → every online device of the
 * person on this instance confirmed it with `seen`), resyncs (snapshots sent because a device fell behind, lost a
 * commit or diverged), digest mismatches and connected devices. Prometheus metrics for operators, and one
 * `sync_health` document per tenant and minute for the console and the consistency plugin.
 */
export class SyncMetrics {
  readonly #minutes = new Map<string, Minute>();
  #minute = currentMinute();
  readonly convergence: Histogram<'tenant'>;
  readonly resyncs: Counter<'reason'>;
  readonly mismatches: Counter;
  readonly connected: Gauge;

  constructor(registry: Registry | null, private readonly health: Model<any>, private readonly instance: string, private readonly connectedOf: (tenantId: string) => number, private readonly tenants: () => string[], private readonly publish: (tenantId: string, sample: Record<string, unknown>) => Promise<void> = async () => undefined) {
    const registers = registry ? [registry] : [];
    this.convergence = new Histogram({ name: 'lockstep_sync_convergence_seconds', help: 'Commit accepted → all online devices of the person (on this instance) applied it', labelNames: ['tenant'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    this.resyncs = new Counter({ name: 'lockstep_sync_resyncs_total', help: 'Snapshots sent to devices that fell behind, missed a commit or diverged', labelNames: ['reason'], registers });
    this.mismatches = new Counter({ name: 'lockstep_sync_digest_mismatches_total', help: 'Device digests that did not match the server state', registers });
    this.connected = new Gauge({ name: 'lockstep_sync_connected_devices', help: 'Devices connected to this instance', registers });
  }

  #of(tenantId: string): Minute {
    this.#roll();
    let m = this.#minutes.get(tenantId);
    if (!m) this.#minutes.set(tenantId, (m = { convergence: emptyCounts(), commits: 0, resyncs: 0, digestMismatches: 0 }));
    return m;
  }

  converged(tenantId: string, ms: number): void {
    this.#of(tenantId).convergence[bucketOf(ms)]!++;
    this.convergence.observe({ tenant: tenantId }, ms / 1000);
  }

  committed(tenantId: string): void {
    this.#of(tenantId).commits++;
  }

  resynced(tenantId: string, reason: string): void {
    this.#of(tenantId).resyncs++;
    this.resyncs.inc({ reason });
  }

  mismatched(tenantId: string): void {
    this.#of(tenantId).digestMismatches++;
    this.mismatches.inc();
  }

  /** Minute rolled over: write the finished minute (checked on every observation and by the hub's heartbeat). */
  #roll(): void {
    if (currentMinute().getTime() !== this.#minute.getTime()) void this.flush().catch(() => undefined);
  }

  async rollIfDue(): Promise<void> {
    if (currentMinute().getTime() !== this.#minute.getTime()) await this.flush();
  }

  /** Writes the current minute's samples (one insert per tenant; never an in-place $inc) and starts a new minute. */
  async flush(): Promise<void> {
    const minute = this.#minute;
    const samples = [...this.#minutes.entries()];
    const tenants = new Set([...samples.map(([t]) => t), ...this.tenants()]);
    this.#minutes.clear();
    this.#minute = currentMinute();
    let total = 0;
    const docs = [...tenants].map((tenantId) => {
      const m = samples.find(([t]) => t === tenantId)?.[1] ?? { convergence: emptyCounts(), commits: 0, resyncs: 0, digestMismatches: 0 };
      const connectedDevices = this.connectedOf(tenantId);
      total += connectedDevices;
      return {
        tenantId, minute, instance: this.instance, convergenceJson: JSON.stringify(m.convergence), commits: m.commits, resyncs: m.resyncs,
        digestMismatches: m.digestMismatches, connectedDevices,
      };
    }).filter((d) => d.connectedDevices || d.commits || d.resyncs || d.digestMismatches || d.convergenceJson !== JSON.stringify(emptyCounts()));
    this.connected.set(total);
    if (docs.length) await this.health.insertMany(docs, { ordered: false });
    // The consistency plugin (and anyone else) hears each minute's sample on the bus.
    for (const d of docs) {
      const counts = JSON.parse(d.convergenceJson) as number[];
      await this.publish(d.tenantId, { minute: minute.toISOString(), instance: this.instance, convergenceP50: quantile(counts, 0.5), convergenceP99: quantile(counts, 0.99), commits: d.commits, resyncs: d.resyncs, digestMismatches: d.digestMismatches, connectedDevices: d.connectedDevices }).catch(() => undefined);
    }
  }

  /** This minute's not-yet-written samples of a tenant (the console merges them with the stored minutes). */
  pending(tenantId: string): { minute: Date; convergence: number[]; commits: number; resyncs: number; digestMismatches: number; connectedDevices: number } {
    const m = this.#minutes.get(tenantId);
    return { minute: this.#minute, convergence: m ? addCounts(emptyCounts(), m.convergence) : emptyCounts(), commits: m?.commits ?? 0, resyncs: m?.resyncs ?? 0, digestMismatches: m?.digestMismatches ?? 0, connectedDevices: this.connectedOf(tenantId) };
  }
}

export function currentMinute(now = Date.now()): Date {
  return new Date(Math.floor(now / 60_000) * 60_000);
}
