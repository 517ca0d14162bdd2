// WebSocket client load for bench/sync-fanout.bench.ts, run as a child process (fork with `--import tsx`,
// serialization 'advanced') so the clients do not share an event loop with the bench or the servers. It holds the
// sockets of whole persons (every device of a person lives in the same load process, so a fan-out latency is two
// readings of one monotonic clock) and answers the parent's commands on the IPC channel:
//   {cmd: 'connect', id, devices: [{deviceId, person, url}], concurrency}  → open, send `hello`, wait for the first frame
//   {cmd: 'run', id, mode: 'steady'|'saturate', senders: [deviceId], ratePerSender, inflight, warmupS, durationS, drainS}
//   {cmd: 'close', id}                                                      → close every socket
// Ops are `cart.add` frames (one op per frame) with `opId = <deviceId>:<n>` and an HLC from plugins/sync/crdt/hlc.ts,
// as the SDK builds them; on every pushed `ops`/`snapshot` the device answers `seen {seq}` as the SDK does, and
// advances its clock with the received HLCs. The same client runs against the sync server and the baseline.
import WebSocket from 'ws';
import { decodeHlc, encodeHlc, initialHlc, receive, tick } from '../../plugins/sync/crdt/hlc.ts';

/** deviceId → device. */
const devices = new Map();
/** person → devices of that person in this process. */
const persons = new Map();
/** opId → what the sender recorded (send time, whether it is measured, deliveries seen). */
const pending = new Map();

let phase = null; // the measuring phase in progress (counters below), null between runs
const now = () => performance.now();

function newCounters() {
  return {
    fanout: [], ack: [], sent: 0, sentAll: 0, acked: 0, ackedInWindow: 0, expected: 0, delivered: 0, duplicates: 0,
    nacks: {}, errors: {}, gaps: 0, snapshots: {}, closes: {}, windowStart: Infinity, windowEnd: Infinity,
  };
}
const counters = { global: newCounters() };
const bump = (obj, key) => { obj[key] = (obj[key] ?? 0) + 1; };
const stats = () => phase ?? counters.global;

function send(dev, frame) {
  if (dev.ws.readyState === WebSocket.OPEN) dev.ws.send(JSON.stringify(frame));
}

/** One cart.add from `dev`; `record` marks an op of the measured window. */
function sendOp(dev, record) {
  dev.clock = tick(dev.clock, Date.now());
  const n = ++dev.counter;
  const op = { opId: `${dev.deviceId}:${n}`, hlc: encodeHlc(dev.clock), deviceId: dev.deviceId, kind: 'cart.add', productId: `P${n % 16}`, quantity: 1 };
  const peers = persons.get(dev.person).filter((d) => d !== dev && d.ready).length;
  pending.set(op.opId, { t0: now(), record, expected: peers, delivered: 0, acked: false, dev });
  const s = stats();
  s.sentAll++;
  if (record) { s.sent++; s.expected += peers; }
  dev.inflight++;
  dev.lastSentAt = now();
  send(dev, { type: 'ops', ops: [op] });
}

function settle(opId, rec) {
  if (rec.acked && rec.delivered >= rec.expected) pending.delete(opId);
}

function onFrame(dev, text) {
  let f;
  try { f = JSON.parse(text); } catch { bump(stats().errors, 'bad-json'); return; }
  const t = now();
  switch (f.type) {
    case 'snapshot':
      bump(stats().snapshots, f.reason ?? 'unknown');
      dev.lastSeq = f.seq;
      if (f.personKey) dev.personKey = f.personKey;
      if (!dev.ready) { dev.ready = true; dev.onReady?.(); }
      send(dev, { type: 'seen', seq: f.seq });
      break;
    case 'ops': {
      if (!dev.ready) { dev.ready = true; dev.onReady?.(); }
      if (f.fromSeq > dev.lastSeq + 1) stats().gaps++;
      if (f.seq > dev.lastSeq) dev.lastSeq = f.seq;
      for (const op of f.ops) {
        const remote = decodeHlc(op.hlc);
        if (remote) { const r = receive(dev.clock, remote, Date.now()); if (r.ok) dev.clock = r.clock; }
        if (op.deviceId === dev.deviceId) continue; // its own op coming back: not a fan-out
        const rec = pending.get(op.opId);
        if (!rec) continue;
        rec.delivered++;
        if (rec.record && phase) {
          if (rec.delivered > rec.expected) phase.duplicates++;
          else { phase.delivered++; phase.fanout.push(t - rec.t0); }
        }
        settle(op.opId, rec);
      }
      send(dev, { type: 'seen', seq: dev.lastSeq });
      break;
    }
    case 'ack': {
      const s = stats();
      for (const opId of f.opIds) {
        const rec = pending.get(opId);
        if (!rec || rec.acked) continue;
        rec.acked = true;
        dev.inflight--;
        if (phase && t >= phase.windowStart && t <= phase.windowEnd) phase.ackedInWindow++;
        if (rec.record && phase) { s.acked++; s.ack.push(t - rec.t0); }
        settle(opId, rec);
      }
      dev.onAck?.();
      break;
    }
    case 'nack': {
      bump(stats().nacks, f.code ?? 'unknown');
      const rec = f.opId ? pending.get(f.opId) : null;
      if (rec && !rec.acked) { rec.acked = true; rec.expected = 0; dev.inflight--; settle(f.opId, rec); }
      dev.onAck?.();
      break;
    }
    case 'error':
      bump(stats().errors, f.code ?? 'unknown');
      break;
    default: // pong, catalog
  }
}

/** Opens one device's socket; resolves with the handshake time (open → first frame after hello) or an error. */
function connectOne(spec, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = now();
    const dev = {
      deviceId: spec.deviceId, person: spec.person, ws: null, ready: false, lastSeq: 0, counter: 0, inflight: 0,
      clock: initialHlc(spec.deviceId), lastSentAt: 0, onReady: null, onAck: null, personKey: null,
    };
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(err ? { err } : { ms: now() - t0, dev });
    };
    const timer = setTimeout(() => { finish('handshake timeout'); dev.ws.terminate(); }, timeoutMs);
    dev.onReady = () => finish(null);
    const ws = new WebSocket(spec.url, { perMessageDeflate: false });
    dev.ws = ws;
    ws.on('open', () => send(dev, { type: 'hello', client: 'sync-fanout-bench' }));
    ws.on('message', (data) => onFrame(dev, data.toString()));
    ws.on('unexpected-response', (_req, res) => { finish(`HTTP ${res.statusCode}`); ws.terminate(); });
    ws.on('error', (e) => finish(e.code ?? e.message));
    ws.on('close', (code) => {
      if (dev.ready) bump(stats().closes, String(code));
      dev.ready = false;
      finish(`closed ${code}`);
    });
  });
}

async function connect({ devices: specs, concurrency = 100, timeoutMs = 30_000 }) {
  const started = now();
  const times = [];
  const errors = {};
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, async () => {
    while (next < specs.length) {
      const spec = specs[next++];
      const r = await connectOne(spec, timeoutMs);
      if (r.err) { bump(errors, r.err); continue; }
      times.push(r.ms);
      devices.set(spec.deviceId, r.dev);
      if (!persons.has(spec.person)) persons.set(spec.person, []);
      persons.get(spec.person).push(r.dev);
    }
  }));
  // Devices of one person must share the personKey their snapshot names (else the fan-out cannot reach them).
  let splitPersons = 0;
  for (const list of persons.values()) if (new Set(list.map((d) => d.personKey).filter(Boolean)).size > 1) splitPersons++;
  return { ok: times.length, failed: specs.length - times.length, errors, handshakeMs: Float64Array.from(times), seconds: (now() - started) / 1000, splitPersons };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * steady: every sender sends one op every 1/ratePerSender s (open loop, random phase), whatever the answers.
 * saturate: every sender keeps `inflight` ops unanswered (closed loop): the acked rate is what the server sustains.
 * The warm-up's ops are not measured. After the window the phase waits (≤ drainS) until every op sent was acked and
 * fanned out: a late answer still counts in the latency (it was late), and the next phase starts on an idle server.
 */
async function run({ mode, senders: senderIds, ratePerSender = 1, inflight = 1, warmupS = 2, durationS = 6, drainS = 30 }) {
  const senders = senderIds.map((id) => devices.get(id)).filter((d) => d?.ready);
  phase = newCounters();
  let measuring = false;
  let stop = false;
  const t0 = now();
  phase.windowStart = t0 + warmupS * 1000;
  phase.windowEnd = phase.windowStart + durationS * 1000;
  let ticker = null;
  if (mode === 'steady') {
    const interval = 1000 / ratePerSender;
    for (const d of senders) d.nextAt = t0 + Math.random() * interval;
    const tickOnce = () => {
      if (stop) return;
      const t = now();
      for (const d of senders) {
        while (d.nextAt <= t) { if (d.ready) sendOp(d, measuring); d.nextAt += interval; }
      }
      ticker = setTimeout(tickOnce, 1);
    };
    tickOnce();
  } else {
    for (const d of senders) {
      d.onAck = () => { while (!stop && d.ready && d.inflight < inflight) sendOp(d, measuring); };
      d.onAck();
    }
  }
  await sleep(warmupS * 1000);
  measuring = true;
  await sleep(durationS * 1000);
  measuring = false;
  stop = true;
  clearTimeout(ticker);
  for (const d of senders) d.onAck = null;
  // Drain: every op sent (warm-up included) answered and fanned out, so the next phase starts on an idle server.
  const drainStart = now();
  const open = () => { for (const r of pending.values()) if (!r.acked || r.delivered < r.expected) return true; return false; };
  while (now() - drainStart < drainS * 1000 && open()) await sleep(20);
  const p = phase;
  phase = null;
  let unacked = 0;
  let undelivered = 0;
  for (const r of pending.values()) {
    if (r.record && !r.acked) unacked++;
    if (r.record) undelivered += Math.max(0, r.expected - r.delivered);
  }
  pending.clear();
  for (const d of devices.values()) d.inflight = 0;
  return {
    mode, senders: senders.length, sent: p.sent, sentAll: p.sentAll, acked: p.acked, unacked, undelivered, drainS: (now() - drainStart) / 1000, ackedInWindow: p.ackedInWindow, windowS: durationS,
    expected: p.expected, delivered: p.delivered, duplicates: p.duplicates, nacks: p.nacks, errors: p.errors, gaps: p.gaps,
    snapshots: p.snapshots, closes: p.closes, fanoutMs: Float64Array.from(p.fanout), ackMs: Float64Array.from(p.ack),
  };
}

async function closeAll() {
  const all = [...devices.values()];
  await Promise.all(all.map((d) => new Promise((resolve) => {
    if (d.ws.readyState === WebSocket.CLOSED) return resolve();
    const t = setTimeout(() => { d.ws.terminate(); resolve(); }, 5000);
    d.ws.once('close', () => { clearTimeout(t); resolve(); });
    d.ws.close(1000);
  })));
  const g = counters.global;
  const out = { closed: all.length, closesBeforeEnd: g.closes, errors: g.errors };
  devices.clear();
  persons.clear();
  pending.clear();
  counters.global = newCounters();
  return out;
}

process.on('message', async (msg) => {
  try {
    let result;
    if (msg.cmd === 'connect') result = await connect(msg);
    else if (msg.cmd === 'run') result = await run(msg);
    else if (msg.cmd === 'close') result = await closeAll();
    else if (msg.cmd === 'exit') { await closeAll(); process.exit(0); }
    else throw new Error(`unknown command ${msg.cmd}`);
    process.send({ id: msg.id, ok: true, result });
  } catch (err) {
    process.send({ id: msg.id, ok: false, error: String(err?.stack ?? err) });
  }
});
process.send({ type: 'ready' });
