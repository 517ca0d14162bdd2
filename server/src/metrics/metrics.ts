import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (own registry, so tests can build several apps in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'lockstep_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly httpErrors = new Counter({ name: 'lockstep_http_errors_total', help: 'Error responses by code', labelNames: ['code'] as const, registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'lockstep_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'] as const, registers: [this.registry] });
  readonly pluginStatus = new Gauge({ name: 'lockstep_plugin_up', help: '1 when a plugin is active, 0 when it failed', labelNames: ['plugin'] as const, registers: [this.registry] });
  readonly workersAlive = new Gauge({ name: 'lockstep_workers_alive', help: 'Worker processes with a recent heartbeat', registers: [this.registry] });

  constructor(withDefaults = true) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry, prefix: 'lockstep_' });
  }
}
