// Sync fan-out: an op sent on one device → received by the other devices of the same person, with 1,000 and 10,000
// devices connected over WebSocket (persons of 2–4 devices; every 10th person has one device sending cart.add ops),
// first on ONE API process, then on TWO API processes sharing Redis (each person's devices split across them, so
// fan-out crosses Redis). Per topology: fan-out latency p50/p99 at a steady op rate, the acked ops/s a closed loop
// sustains, and the memory per connection of the server process(es) (RSS and V8 heap after a full GC, before →
// after connecting). Baseline in the same run: a bare Fastify + @fastify/websocket server (no auth, no storage)
// broadcasting to rooms (room = person; through Redis pub/sub with two processes) under the same client load.
// The servers and the load generators (bench/lib/sync-load.mjs, `ws` clients) run as separate processes.
// Run through `npm run bench -- sync-fanout` (it starts FerretDB and Redis).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config/load-config.ts';
import { hashToken } from '../server/src/auth/tokens.ts';
import type { PluginContext } from '../server/src/core/plugin-contract.ts';
import { DeviceTokens } from '../plugins/sync/services/tokens.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, benchServices, emit, log, machine, ratio, runBench, seconds, type Run } from './lib/harness.ts';
import { Loader, ServerProc, fileLimits, startApi, startBaseline, type Mem } from './lib/sync-procs.ts';

const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const num = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);

/** Connected devices per topology (SYNC_BENCH_DEVICES=1000 for a quick run). */
const SIZES = list('SYNC_BENCH_DEVICES', '1000,10000').map(Number).filter((n) => n >= 2).sort((a, b) => a - b);
/** API processes per topology: 1, then 2 sharing Redis. */
const INSTANCES = list('SYNC_BENCH_INSTANCES', '1,2').map(Number).filter((n) => n === 1 || n === 2);
/** Which servers to measure (baseline and/or sync). */
const TARGETS = list('SYNC_BENCH_TARGETS', 'baseline,sync');
/** Load-generator processes (each holds whole persons). */
const LOADERS = num('SYNC_BENCH_LOADERS', 2);
/** Steady phase: ops/s offered in total, spread over the senders (the same at every size; below what the sync server sustains here). */
const RATE = num('SYNC_BENCH_RATE', 20);
/** After each phase: how long to wait at most for every op sent to be acked and fanned out. */
const DRAIN_S = num('SYNC_BENCH_DRAIN_S', 30);
/** Saturation phase: unanswered ops kept in flight in total (the same at every size): 1 each on that many senders. */
const INFLIGHT = num('SYNC_BENCH_INFLIGHT', 32);
/** One person in SENDER_EVERY has a sending device. */
const SENDER_EVERY = num('SYNC_BENCH_SENDER_EVERY', 10);
/**
 * How the devices get their tokens. `direct` (default): minted in the bench process with the plugin's own DeviceTokens
 * (same HMAC format and claims as POST /v1/sync/token), the devices of a person sharing one anonymousId, so their
 * state lives under `a:<anonymousId>`: no identity-graph write per device. `api`: POST /v1/sync/token with one userId
 * per person (identity stitching, as a storefront after login), devices of a person one after the other; this costs
 * ~20 store round trips per token, far too slow for 10,000 devices on FerretDB (see the token-endpoint row).
 */
const MINT = process.env.SYNC_BENCH_MINT === 'api' ? 'api' : 'direct';
const LINK = MINT === 'api' ? 'user' : 'anonymous';
/** Tokens minted through POST /v1/sync/token (userId stitching, 3 devices per user, sequential) to time the endpoint. */
const TOKEN_SAMPLE = Number(process.env.SYNC_BENCH_TOKEN_SAMPLE ?? 30);
const WARMUP = seconds('BENCH_WARMUP_S', 2);
const DURATION = seconds('BENCH_DURATION_S', 6);
const SATURATE = num('SYNC_BENCH_SATURATE_S', 4);
const CONNECT_CONCURRENCY = num('SYNC_BENCH_CONNECT_CONCURRENCY', 100);
const MAX_OPS_PER_SECOND = 1000;
/** Diagnostics: heap snapshots of the first server process before and after connecting, written to this folder. */
const HEAP_SNAPSHOT_DIR = process.env.SYNC_BENCH_HEAP_SNAPSHOT_DIR ?? '';
/** Extra node flags for the API processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (profiles written at exit). */
const API_NODE_ARGS = (process.env.SYNC_BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const DEVICES_PER_PERSON = [2, 3, 4];
const CHANNELS = ['web', 'app', 'tablet', 'watch'];

interface Device { index: number; deviceId: string; person: number; k: number; anonymousId: string; userId?: string; channel: string; token?: string; personKey?: string }
type Target = 'baseline' | 'sync';

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function pct(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
}
function merge(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let i = 0;
  for (const a of arrays) { out.set(a, i); i += a.length; }
  return out.sort();
}
const addCounts = (into: Record<string, number>, from: Record<string, number>) => { for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v; return into; };
const sumCounts = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * `n` devices of fresh persons (ids carry `tag`): person sizes cycle 2, 3, 4. Every topology has persons of its own,
 * so no run starts with the states (which grow with every cart op) that an earlier run left behind.
 */
function topology(n: number, run: string): Device[] {
  const devices: Device[] = [];
  for (let person = 0; devices.length < n; person++) {
    const size = DEVICES_PER_PERSON[person % DEVICES_PER_PERSON.length];
    for (let k = 0; k < size && devices.length < n; k++) {
      const index = devices.length;
      devices.push({
        index, deviceId: `${run}-d${index}`, person, k, channel: CHANNELS[k % CHANNELS.length],
        anonymousId: LINK === 'anonymous' ? `${run}-a${person}` : `${run}-a${index}`, userId: LINK === 'user' ? `${run}-u${person}` : undefined,
      });
    }
  }
  return devices;
}

/** One POST /v1/sync/token; returns the call's latency (ms). */
async function mintOne(base: string, key: string, d: Device): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/sync/token`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ anonymousId: d.anonymousId, deviceId: d.deviceId, channel: d.channel, ...(d.userId ? { userId: d.userId } : {}) }),
  });
  const body = await res.json().catch(() => null) as { token?: string; personKey?: string } | null;
  if (res.status !== 200 || !body?.token) throw new Error(`POST /v1/sync/token answered ${res.status}: ${JSON.stringify(body)}`);
  d.token = body.token;
  d.personKey = body.personKey;
  return performance.now() - t0;
}

/** POST /v1/sync/token for every device: persons 8 at a time, the devices of one person one after the other. */
async function mintViaApi(base: string, key: string, devices: Device[]): Promise<void> {
  const byPerson = new Map<number, Device[]>();
  for (const d of devices) byPerson.set(d.person, [...(byPerson.get(d.person) ?? []), d]);
  const queue = [...byPerson.values()];
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) for (const d of p) await mintOne(base, key, d);
  }));
}

/**
 * Tokens minted in the bench process with the sync plugin's DeviceTokens (the tenant's keyed HMAC from the shared
 * store and keyring): what POST /v1/sync/token returns, minus its identity-graph writes.
 */
async function mintDirect(env: Record<string, string>, key: string, devices: Device[]): Promise<void> {
  const app = await buildApp(loadConfig(env), { logger: false, serveConsole: false, serveDemo: false });
  try {
    await app.ready();
    const ctx = app.lockstep.host.contexts.get('sync') as PluginContext | undefined;
    if (!ctx) throw new Error('the sync plugin is not active');
    const apiKey = await app.lockstep.models.ApiKey.findOne({ keyHash: hashToken(key) }).setOptions({ crossTenant: true }).lean<{ tenantId: string }>();
    if (!apiKey) throw new Error('the publishable key was not seeded');
    const tokens = new DeviceTokens(ctx.privacy);
    const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
    for (const d of devices) {
      d.token = await tokens.mint({ tenantId: apiKey.tenantId, anonymousId: d.anonymousId, deviceId: d.deviceId, userId: d.userId ?? null, channel: d.channel, exp });
    }
  } finally {
    await app.close();
  }
}

/** Times POST /v1/sync/token with identity stitching: `n` devices, 3 per userId, one call at a time. */
async function tokenSample(base: string, key: string, run: string, n: number): Promise<Run> {
  const lat: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const d: Device = { index: i, deviceId: `${run}-t${i}`, person: Math.floor(i / 3), k: i % 3, anonymousId: `${run}-ta${i}`, userId: `${run}-tu${Math.floor(i / 3)}`, channel: CHANNELS[i % 3] };
    lat.push(await mintOne(base, key, d));
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(lat).sort();
  const rate = round(n / seconds, 1);
  log(`  POST /v1/sync/token ×${n} (userId stitching, sequential): ${rate}/s, p50 ${pct(sorted, 50)} ms, p99 ${pct(sorted, 99)} ms`);
  return {
    label: 'POST /v1/sync/token, userId stitching, 1 at a time (setup cost per device)', url: `${base}/v1/sync/token`, unit: 'tokens/s', rps: rate, rpsOk: rate,
    p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99), mean: round(lat.reduce((a, b) => a + b, 0) / n), max: pct(sorted, 100),
    requests: n, ok: n, non2xx: 0, errors: 0, timeouts: 0, statusCodes: { 200: n }, connections: 1, durationS: round(seconds, 2), warmupS: 0,
  };
}

/** Owner session → PUT /api/plugins/sync: raise maxOpsPerSecond so the saturation phase measures the server, not its limiter. */
async function raiseOpLimit(base: string): Promise<void> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
  const { token } = await login.json() as { token: string };
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const plugins = await (await fetch(`${base}/api/plugins`, { headers: auth })).json() as { id?: string; name?: string; settings?: Record<string, unknown> }[];
  const current = plugins.find((p) => (p.id ?? p.name) === 'sync')?.settings ?? {};
  const res = await fetch(`${base}/api/plugins/sync`, { method: 'PUT', headers: auth, body: JSON.stringify({ settings: { ...current, maxOpsPerSecond: MAX_OPS_PER_SECOND } }) });
  if (res.status !== 200) throw new Error(`PUT /api/plugins/sync answered ${res.status}: ${await res.text()}`);
}

/** Empties the sync plugin's state and op-log collections (between topologies; no device is connected then). */
async function clearSyncStore(uri: string): Promise<void> {
  const { default: mongoose } = await import('mongoose');
  const c = await mongoose.createConnection(uri).asPromise();
  try {
    for (const name of ['sync_states', 'sync_commits']) await c.collection(name).deleteMany({});
  } finally {
    await c.close();
  }
}

async function memAll(servers: ServerProc[]): Promise<Mem> {
  const all = await Promise.all(servers.map((s) => s.mem()));
  return { rss: all.reduce((a, m) => a + m.rss, 0), heapUsed: all.reduce((a, m) => a + m.heapUsed, 0), external: all.reduce((a, m) => a + m.external, 0), collected: all.every((m) => m.collected) };
}
const cpuAll = (servers: ServerProc[]) => servers.reduce((a, s) => a + s.cpuMs(), 0);

interface PhaseResult {
  senders: number; sent: number; sentAll: number; acked: number; unacked: number; undelivered: number; drainS: number; ackedInWindow: number; windowS: number; expected: number; delivered: number; duplicates: number;
  nacks: Record<string, number>; errors: Record<string, number>; gaps: number; snapshots: Record<string, number>; closes: Record<string, number>; fanoutMs: Float64Array; ackMs: Float64Array;
}
function combine(parts: PhaseResult[]) {
  const sum = (k: 'senders' | 'sent' | 'sentAll' | 'acked' | 'unacked' | 'undelivered' | 'ackedInWindow' | 'expected' | 'delivered' | 'duplicates' | 'gaps') => parts.reduce((a, p) => a + p[k], 0);
  const fanout = merge(parts.map((p) => p.fanoutMs));
  const ack = merge(parts.map((p) => p.ackMs));
  return {
    senders: sum('senders'), sent: sum('sent'), sentAll: sum('sentAll'), acked: sum('acked'), unacked: sum('unacked'), undelivered: sum('undelivered'), drainS: round(Math.max(...parts.map((p) => p.drainS)), 1), ackedPerS: round(sum('ackedInWindow') / parts[0].windowS, 1),
    expected: sum('expected'), delivered: sum('delivered'), duplicates: sum('duplicates'), gaps: sum('gaps'),
    nacks: parts.reduce((a, p) => addCounts(a, p.nacks), {}), errors: parts.reduce((a, p) => addCounts(a, p.errors), {}),
    snapshots: parts.reduce((a, p) => addCounts(a, p.snapshots), {}), closes: parts.reduce((a, p) => addCounts(a, p.closes), {}),
    fanoutP50: pct(fanout, 50), fanoutP90: pct(fanout, 90), fanoutP99: pct(fanout, 99), fanoutMax: pct(fanout, 100), fanoutMean: round(fanout.reduce((a, b) => a + b, 0) / Math.max(1, fanout.length)),
    ackP50: pct(ack, 50), ackP99: pct(ack, 99),
  };
}
type Phase = ReturnType<typeof combine>;
type LoopDelay = { p50: number; p99: number; max: number };
/** The worst event-loop delay figures over the server processes. */
const worst = (all: LoopDelay[]): LoopDelay => ({ p50: Math.max(...all.map((l) => l.p50)), p99: Math.max(...all.map((l) => l.p99)), max: Math.max(...all.map((l) => l.max)) });

interface Scenario {
  target: Target; instances: number; devices: number; persons: number; connected: number; connectFailed: number; connectErrors: Record<string, number>;
  connectS: number; handshakeP50: number; handshakeP99: number; rssPerConnKiB: number; heapPerConnKiB: number; rssBeforeMiB: number; rssAfterMiB: number;
  rssAfterLoadMiB: number; connectCpuMsPerConn: number; steadyLoop: LoopDelay; saturateLoop: LoopDelay; steady: Phase; saturate: Phase; steadyCpuMsPerOp: number; saturateCpuMsPerOp: number; closesBeforeEnd: Record<string, number>;
}

/** Connects `devices` through the loaders, measures memory, then the steady and the saturation phases, then disconnects. */
async function scenario(target: Target, servers: ServerProc[], loaders: Loader[], devices: Device[], url: (d: Device, server: ServerProc) => string): Promise<Scenario> {
  const label = `${target}, ${servers.length} process${servers.length > 1 ? 'es' : ''}, ${devices.length} devices`;
  log(`  ${label}: connecting (${CONNECT_CONCURRENCY} handshakes in flight per load process)`);
  const specs: { deviceId: string; person: number; url: string }[][] = loaders.map(() => []);
  for (const d of devices) specs[d.person % loaders.length].push({ deviceId: d.deviceId, person: d.person, url: url(d, servers[d.k % servers.length]) });
  const snapshot = async (when: string) => {
    if (HEAP_SNAPSHOT_DIR) log(`    heap snapshot: ${await servers[0].heapSnapshot(path.join(HEAP_SNAPSHOT_DIR, `${target}-${servers.length}p-${devices.length}-${when}.heapsnapshot`))}`);
  };
  await snapshot('before');
  const mem0 = await memAll(servers);
  const cpu0 = cpuAll(servers);
  const started = performance.now();
  const conn = await Promise.all(loaders.map((l, i) => l.call<{ ok: number; failed: number; errors: Record<string, number>; handshakeMs: Float64Array; splitPersons: number }>('connect', { devices: specs[i], concurrency: CONNECT_CONCURRENCY })));
  const connectS = (performance.now() - started) / 1000;
  const connected = conn.reduce((a, c) => a + c.ok, 0);
  const connectErrors = conn.reduce((a, c) => addCounts(a, c.errors), {} as Record<string, number>);
  const hs = merge(conn.map((c) => c.handshakeMs));
  log(`    ${connected}/${devices.length} connected in ${round(connectS, 1)} s (handshake p50 ${pct(hs, 50)} ms, p99 ${pct(hs, 99)} ms)${sumCounts(connectErrors) ? `; failures ${JSON.stringify(connectErrors)}` : ''}`);
  if (!connected) throw new Error(`${label}: no device connected: ${JSON.stringify(connectErrors)}`);
  const split = conn.reduce((a, c) => a + c.splitPersons, 0);
  if (split) throw new Error(`${label}: the snapshots of ${split} persons name more than one personKey; their fan-out cannot be measured`);
  await sleep(1000);
  const cpu1 = cpuAll(servers);
  const mem1 = await memAll(servers);
  await snapshot('after');
  const rssPerConnKiB = round((mem1.rss - mem0.rss) / connected / 1024, 2);
  const heapPerConnKiB = round((mem1.heapUsed - mem0.heapUsed) / connected / 1024, 2);
  log(`    memory: RSS ${round(mem0.rss / 2 ** 20, 1)} → ${round(mem1.rss / 2 ** 20, 1)} MiB (${rssPerConnKiB} KiB/conn), heap ${round(mem0.heapUsed / 2 ** 20, 1)} → ${round(mem1.heapUsed / 2 ** 20, 1)} MiB (${heapPerConnKiB} KiB/conn)`);

  const senderIds = loaders.map(() => [] as string[]);
  let senders = 0;
  for (const d of devices) if (d.k === 0 && d.person % SENDER_EVERY === 0) { senderIds[d.person % loaders.length].push(d.deviceId); senders++; }
  const ratePerSender = RATE / senders;
  log(`    steady: ${senders} senders × ${round(ratePerSender, 2)} ops/s = ${RATE} ops/s, ${WARMUP} s warm-up + ${DURATION} s`);
  const cpu2 = cpuAll(servers);
  await Promise.all(servers.map((sv) => sv.loopDelay(true)));
  const steady = combine(await Promise.all(loaders.map((l, i) => l.call<PhaseResult>('run', { mode: 'steady', senders: senderIds[i], ratePerSender, warmupS: WARMUP, durationS: DURATION, drainS: DRAIN_S }))));
  const cpu3 = cpuAll(servers);
  const steadyLoop = worst(await Promise.all(servers.map((sv) => sv.loopDelay(true))));
  log(`    ${steady.ackedPerS} ops/s acked, fan-out p50 ${steady.fanoutP50} ms p99 ${steady.fanoutP99} ms (${steady.delivered}/${steady.expected} delivered; drained in ${steady.drainS} s; server event-loop delay p99 ${steadyLoop.p99} ms, max ${steadyLoop.max} ms), ack p50 ${steady.ackP50} ms p99 ${steady.ackP99} ms${sumCounts(steady.nacks) ? `, nacks ${JSON.stringify(steady.nacks)}` : ''}${sumCounts(steady.errors) ? `, errors ${JSON.stringify(steady.errors)}` : ''}`);
  // Closed loop with INFLIGHT ops in flight in total: 1 on each of INFLIGHT senders spread over the topology (or more
  // per sender when there are fewer senders), so every size gets the same offered concurrency.
  const all = senderIds.flatMap((ids, i) => ids.map((id) => ({ id, loader: i })));
  const step = all.length / Math.min(INFLIGHT, all.length);
  const chosen = Array.from({ length: Math.min(INFLIGHT, all.length) }, (_, j) => all[Math.floor(j * step)]);
  const perSender = Math.ceil(INFLIGHT / chosen.length);
  log(`    saturation: ${chosen.length} senders × ${perSender} in flight, 1 s warm-up + ${SATURATE} s`);
  const saturate = combine(await Promise.all(loaders.map((l, i) => l.call<PhaseResult>('run', {
    mode: 'saturate', senders: chosen.filter((c) => c.loader === i).map((c) => c.id), inflight: perSender, warmupS: 1, durationS: SATURATE, drainS: DRAIN_S,
  }))));
  const cpu4 = cpuAll(servers);
  const saturateLoop = worst(await Promise.all(servers.map((sv) => sv.loopDelay(true))));
  log(`    ${saturate.ackedPerS} ops/s acked, fan-out p50 ${saturate.fanoutP50} ms p99 ${saturate.fanoutP99} ms (drained in ${saturate.drainS} s; server event-loop delay p99 ${saturateLoop.p99} ms, max ${saturateLoop.max} ms), ack p50 ${saturate.ackP50} ms p99 ${saturate.ackP99} ms${sumCounts(saturate.nacks) ? `, nacks ${JSON.stringify(saturate.nacks)}` : ''}${sumCounts(saturate.errors) ? `, errors ${JSON.stringify(saturate.errors)}` : ''}`);
  const mem2 = await memAll(servers);
  const closed = await Promise.all(loaders.map((l) => l.call<{ closesBeforeEnd: Record<string, number> }>('close')));
  await sleep(1000);
  return {
    target, instances: servers.length, devices: devices.length, persons: new Set(devices.map((d) => d.person)).size, connected, connectFailed: devices.length - connected, connectErrors,
    connectS: round(connectS, 2), handshakeP50: pct(hs, 50), handshakeP99: pct(hs, 99), rssPerConnKiB, heapPerConnKiB,
    rssBeforeMiB: round(mem0.rss / 2 ** 20, 1), rssAfterMiB: round(mem1.rss / 2 ** 20, 1), rssAfterLoadMiB: round(mem2.rss / 2 ** 20, 1),
    connectCpuMsPerConn: round((cpu1 - cpu0) / connected), steady, saturate, steadyLoop, saturateLoop,
    // Server CPU over the whole phase (warm-up and drain included) / every op sent in it.
    steadyCpuMsPerOp: round((cpu3 - cpu2) / Math.max(1, steady.sentAll)), saturateCpuMsPerOp: round((cpu4 - cpu3) / Math.max(1, saturate.sentAll)),
    closesBeforeEnd: closed.reduce((a, c) => addCounts(a, c.closesBeforeEnd), {} as Record<string, number>),
  };
}

function toRuns(s: Scenario): Run[] {
  const what = s.target === 'sync' ? `sync, ${s.instances} API process${s.instances > 1 ? 'es + Redis' : ''}` : `baseline @fastify/websocket, ${s.instances} process${s.instances > 1 ? 'es + Redis' : ''}`;
  const row = (phase: 'steady' | 'saturate', p: Phase): Run => ({
    label: `${what}, ${s.devices} devices — ${phase === 'steady' ? `steady ${RATE} ops/s: fan-out` : `saturation (${INFLIGHT} ops in flight): fan-out`}`,
    url: 'ws', unit: 'ops/s acked', rps: p.ackedPerS, rpsOk: p.ackedPerS, p50: p.fanoutP50, p90: p.fanoutP90, p99: p.fanoutP99, mean: p.fanoutMean, max: p.fanoutMax,
    requests: p.sent, ok: p.acked, non2xx: sumCounts(p.nacks) + p.unacked, errors: s.connectFailed + sumCounts(p.errors) + sumCounts(p.closes), timeouts: p.undelivered,
    statusCodes: {}, connections: s.connected, durationS: phase === 'steady' ? DURATION : SATURATE, warmupS: phase === 'steady' ? WARMUP : 1,
    ...({ scenario: { ...s, steady: undefined, saturate: undefined }, phase: { ...p } } as object),
  });
  return [row('steady', s.steady), row('saturate', s.saturate)];
}

async function main(): Promise<void> {
  const { mongoBase, redisUrl } = benchServices();
  const id = randomBytes(5).toString('hex');
  const run = `b${id.slice(0, 6)}`;
  const limits = fileLimits();
  const notes: string[] = [];
  // Per process: the single API holds every server-side socket; each load process 1/LOADERS of the client sockets.
  const margin = 1024;
  const sizes = SIZES.filter((n) => {
    if (n + margin <= limits.soft) return true;
    notes.push(`SKIPPED ${n} devices: ulimit -n is ${limits.soft} (hard ${limits.hard}); one server process needs about ${n + margin} descriptors. Raise it (ulimit -n ${n + margin}) and run again.`);
    log(notes[notes.length - 1]);
    return false;
  });
  if (!sizes.length) throw new Error(`no topology fits ulimit -n ${limits.soft}`);
  log(`sync-fanout: sizes ${sizes.join(', ')} devices, instances ${INSTANCES.join(', ')}, targets ${TARGETS.join(', ')}; ulimit -n ${limits.soft} (hard ${limits.hard}); ${LOADERS} load processes`);
  /** One topology per (processes, size), shared by the baseline and the sync run of that pair. */
  const topo = new Map<string, Device[]>();
  for (const instances of INSTANCES) for (const n of sizes) topo.set(`${instances}:${n}`, topology(n, `${run}${instances}x${n}`));
  const all = [...topo.values()].flat();

  const loaders = await Promise.all(Array.from({ length: LOADERS }, () => Loader.start()));
  const scenarios: Scenario[] = [];
  const tokenRuns: Run[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production', MONGODB_URI: `${mongoBase}/lockstep_bench_${id}`, REDIS_URL: redisUrl, REDIS_PREFIX: `b${id}`, LOG_LEVEL: 'error',
    LOCKSTEP_ADMIN_EMAIL: ADMIN_EMAIL, LOCKSTEP_ADMIN_PASSWORD: ADMIN_PASSWORD, LOCKSTEP_DEMO_PUBLISHABLE_KEY: `pk_test_${id}0123456789`,
    LOCKSTEP_KEYRING_PATH: path.join(os.tmpdir(), `lockstep-bench-${id}`, 'keyring.json'), RATE_LIMIT_MAX: '1000000000',
  };
  const key = env.LOCKSTEP_DEMO_PUBLISHABLE_KEY;
  try {
    for (const instances of INSTANCES) {
      if (TARGETS.includes('baseline')) {
        log(`baseline: ${instances} bare @fastify/websocket process(es)${instances > 1 ? ' sharing Redis pub/sub' : ''}`);
        const channel = `sync-fanout-baseline-${id}-${instances}`;
        const servers = await Promise.all(Array.from({ length: instances }, (_, i) => startBaseline(`baseline-${i + 1}`, instances > 1 ? { redisUrl, channel, instance: `i${i}` } : {})));
        try {
          for (const n of sizes) scenarios.push(await scenario('baseline', servers, loaders, topo.get(`${instances}:${n}`)!, (d, s) => `ws://127.0.0.1:${s.port}/socket?room=p${d.person}&device=${d.deviceId}`));
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
      if (TARGETS.includes('sync')) {
        log(`sync: ${instances} API process(es) (server/src/main.ts), one database and Redis prefix`);
        const servers: ServerProc[] = [];
        for (let i = 0; i < instances; i++) {
          // One after the other: the first one seeds the tenant and its publishable key.
          const api = await startApi(`api-${i + 1}`, env, API_NODE_ARGS);
          servers.push(api);
          stoppers.push(() => api.stop());
        }
        if (!all[0].token) {
          await raiseOpLimit(servers[0].base);
          if (TOKEN_SAMPLE > 0) tokenRuns.push(await tokenSample(servers[0].base, key, run, TOKEN_SAMPLE));
          log(`  minting ${all.length} device tokens (${MINT === 'api' ? 'POST /v1/sync/token, one userId per person' : 'in-process DeviceTokens, one anonymousId per person'})`);
          const t0 = performance.now();
          if (MINT === 'api') await mintViaApi(servers[0].base, key, all); else await mintDirect(env, key, all);
          const s = (performance.now() - t0) / 1000;
          log(`    ${round(all.length / s, 1)} tokens/s`);
          notes.push(`Setup: ${all.length} device tokens ${MINT === 'api' ? 'from POST /v1/sync/token (userId per person, identity stitching)' : 'minted in-process with the plugin\'s DeviceTokens (devices of a person share an anonymousId: state under a:<anonymousId>; SYNC_BENCH_MINT=api for userId stitching through the endpoint)'} in ${round(s, 1)} s.`);
        }
        try {
          for (const n of sizes) {
            // Each topology starts on an empty sync store (see the note: store lookups here scan their collection).
            await clearSyncStore(env.MONGODB_URI);
            scenarios.push(await scenario('sync', servers, loaders, topo.get(`${instances}:${n}`)!, (d, s) => `ws://127.0.0.1:${s.port}/v1/sync/socket?key=${encodeURIComponent(key)}&token=${encodeURIComponent(d.token!)}`));
          }
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
          stoppers.length = 0;
        }
      }
    }
  } finally {
    await Promise.all(stoppers.map((s) => s()));
    await Promise.all(loaders.map((l) => l.stop()));
    const { default: mongoose } = await import('mongoose');
    const c = await mongoose.createConnection(env.MONGODB_URI).asPromise().catch(() => null);
    await c?.dropDatabase().catch(() => undefined);
    await c?.close();
    rmSync(path.dirname(env.LOCKSTEP_KEYRING_PATH), { recursive: true, force: true });
  }

  const ratios: Record<string, number | null> = {};
  for (const s of scenarios.filter((x) => x.target === 'sync')) {
    const b = scenarios.find((x) => x.target === 'baseline' && x.instances === s.instances && x.devices === s.devices);
    if (!b) continue;
    const tag = `${s.instances} proc, ${s.devices} dev`;
    ratios[`sync/baseline fan-out p50, steady (${tag})`] = ratio(s.steady.fanoutP50, b.steady.fanoutP50);
    ratios[`sync/baseline fan-out p99, steady (${tag})`] = ratio(s.steady.fanoutP99, b.steady.fanoutP99);
    ratios[`sync/baseline ops/s acked, saturation (${tag})`] = ratio(s.saturate.ackedPerS, b.saturate.ackedPerS);
    ratios[`sync/baseline RSS per connection (${tag})`] = ratio(s.rssPerConnKiB, b.rssPerConnKiB);
    ratios[`sync/baseline heap per connection (${tag})`] = ratio(s.heapPerConnKiB, b.heapPerConnKiB);
  }
  for (const target of ['sync', 'baseline'] as const) {
    for (const instances of INSTANCES) {
      const [small, large] = [sizes[0], sizes[sizes.length - 1]].map((n) => scenarios.find((x) => x.target === target && x.instances === instances && x.devices === n));
      if (small && large && small !== large) ratios[`${target} ${instances} proc: fan-out p50 ${large.devices}/${small.devices} dev, steady`] = ratio(large.steady.fanoutP50, small.steady.fanoutP50);
    }
  }
  for (const s of scenarios) {
    notes.push(`${s.target} ${s.instances} proc ${s.devices} dev: ${s.connected} connected in ${s.connectS} s (handshake p50 ${s.handshakeP50} ms, p99 ${s.handshakeP99} ms, server CPU ${s.connectCpuMsPerConn} ms/conn); RSS ${s.rssBeforeMiB} → ${s.rssAfterMiB} MiB (${s.rssPerConnKiB} KiB/conn; ${s.rssAfterLoadMiB} MiB after the load), heap ${s.heapPerConnKiB} KiB/conn; steady: ${s.steady.delivered}/${s.steady.expected} fan-outs delivered, ack p50/p99 ${s.steady.ackP50}/${s.steady.ackP99} ms, server CPU ${s.steadyCpuMsPerOp} ms/op, server event-loop delay p99/max ${s.steadyLoop.p99}/${s.steadyLoop.max} ms; saturation: ${s.saturate.ackedPerS} ops/s, ack p50/p99 ${s.saturate.ackP50}/${s.saturate.ackP99} ms, server CPU ${s.saturateCpuMsPerOp} ms/op, event-loop delay p99/max ${s.saturateLoop.p99}/${s.saturateLoop.max} ms${sumCounts(s.saturate.nacks) + sumCounts(s.steady.nacks) ? `, nacks ${JSON.stringify(addCounts({ ...s.steady.nacks }, s.saturate.nacks))}` : ''}${s.steady.gaps + s.saturate.gaps ? `, seq gaps ${s.steady.gaps + s.saturate.gaps}` : ''}.`);
  }
  notes.push(
    `Topology: persons of ${DEVICES_PER_PERSON.join('/')} devices (cycling), device k of a person on process k mod N; every ${SENDER_EVERY}th person has one sending device. Steady: ${RATE} ops/s in total (open loop, 1 op per frame), ${WARMUP} s warm-up + ${DURATION} s; saturation: a closed loop keeping ${INFLIGHT} ops unanswered in total (1 each on ${INFLIGHT} senders spread over the topology), 1 s warm-up + ${SATURATE} s; the acked rate counts acks received inside the window. Fan-out latency = op frame sent on one device → ops frame holding it received on another device of the person (same load process, same clock); every pushed frame is answered with seen {seq} as the SDK does.`,
    `Memory per connection: (RSS | V8 heapUsed after two full GCs, all connected + 1 s) − (the same before connecting), summed over the server processes, / connected devices. The sync server's maxOpsPerSecond is raised to ${MAX_OPS_PER_SECOND} for the run so saturation measures the server, not its limiter.`,
    `Load: ${LOADERS} load-generator processes (ws clients), ${os.cpus().length} CPUs shared by the servers, the load generators, Redis and FerretDB: absolute numbers are machine-bound, use the ratios. ulimit -n ${limits.soft} (hard ${limits.hard}).`,
    'Baseline: bare Fastify + @fastify/websocket, room = person, JSON.parse → broadcast to the room (sender included) + ack; no auth, no validation, no storage, no seq persistence; with 2 processes every frame is also published on one Redis channel and delivered by the other process.',
  );
  emit({ name: 'sync-fanout', runs: [...scenarios.flatMap(toRuns), ...tokenRuns], ratios, notes, machine: machine() });
}

runBench('sync-fanout', main);
