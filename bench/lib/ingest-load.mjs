// Load generator for POST /v1/events, run as its own process (like cannon.mjs): `node bench/lib/ingest-load.mjs
// '<json options>'`. Each of `connections` loops sends batches of `batch` events with fresh eventIds (a repeated
// body would only measure the idempotent duplicate path), for a discarded warm-up then the measured run; prints one
// JSON line with events/s, batches/s and batch latency percentiles (ms, 2xx only).
import { randomBytes } from 'node:crypto';

const opts = JSON.parse(process.argv[2] ?? '{}');
// personal: every other event carries personal data (identify traits, or a support message quoting an e-mail and
// a phone number), which the API redacts and seals with the subject's key before storing.
const { url, key, connections = 8, duration = 8, warmup = 2, batch = 100, personal = false } = opts;
if (!url || !key) throw new Error('ingest-load.mjs: url and key are required');

const run = randomBytes(4).toString('hex');
const TYPES = ['page_view', 'product_view', 'add_to_cart', 'search'];
let seq = 0;
function makeBatch() {
  const now = new Date().toISOString();
  const events = [];
  for (let i = 0; i < batch; i++) {
    const n = seq++;
    const type = TYPES[n % TYPES.length];
    const properties = type === 'search' ? { query: `guitar ${n % 50}` } : type === 'page_view' ? { url: `/p/${n % 500}` } : { productId: `P${n % 500}`, price: 19.99, currency: 'EUR', ...(type === 'add_to_cart' ? { quantity: 1 } : {}) };
    const base = { eventId: `b${run}-${n}`, anonymousId: `anon-${n % 2000}`, channel: n % 3 ? 'web' : 'ios', timestamp: now, device: { os: 'linux', screen: 'desktop' } };
    if (personal && n % 4 === 1) events.push({ ...base, type: 'identify', traits: { email: `shopper${n % 2000}@example.com`, name: `Shopper ${n % 2000}`, phone: '+44 20 7946 0321' } });
    else if (personal && n % 4 === 3) events.push({ ...base, type: 'support_message', properties: { text: `Order ${n} arrived damaged, write to shopper${n % 2000}@example.com or call +44 20 7946 0321`, conversationId: `c${n % 500}` } });
    else events.push({ ...base, type, properties });
  }
  return JSON.stringify({ events });
}

async function phase(seconds, record) {
  const until = Date.now() + seconds * 1000;
  const stats = { ok: 0, non2xx: 0, errors: 0, events: 0, rejected: 0, times: [], codes: {} };
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < until) {
      const body = makeBatch();
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
        const json = await res.json();
        const dt = performance.now() - t0;
        stats.codes[res.status] = (stats.codes[res.status] ?? 0) + 1;
        if (res.status === 200) {
          stats.ok++; stats.events += json.accepted.length; stats.rejected += json.rejected.length;
          if (record) stats.times.push(dt);
        } else stats.non2xx++;
      } catch {
        stats.errors++;
      }
    }
  }));
  return stats;
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round = (x, d = 3) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

if (warmup > 0) await phase(warmup, false);
const started = performance.now();
const s = await phase(duration, true);
const elapsed = (performance.now() - started) / 1000;
const sorted = Float64Array.from(s.times).sort();
process.stdout.write(`${JSON.stringify({
  eventsPerS: round(s.events / elapsed, 1), batchesPerS: round(s.ok / elapsed, 1), p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)),
  p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? null), batches: s.ok, events: s.events, rejected: s.rejected,
  non2xx: s.non2xx, errors: s.errors, statusCodes: s.codes, connections, batch, durationS: round(elapsed, 2), warmupS: warmup,
})}\n`);
