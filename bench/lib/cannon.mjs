// Load generator for the bench scripts, run as its own process so autocannon does not share the server's
// event loop: `node bench/lib/cannon.mjs '<json options>'`. Runs a warm-up (discarded), then the measured run,
// and prints one JSON line. Latency percentiles are computed here from every 2xx response time (float ms):
// autocannon's own histogram rounds to whole milliseconds, too coarse for sub-millisecond routes.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2] ?? '{}');
const { url, headers = {}, connections = 10, duration = 8, warmup = 2, method = 'GET' } = opts;
if (!url) throw new Error('cannon.mjs: url is required');

function run(seconds, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, method, headers, connections, duration: seconds }, (err, result) => (err ? reject(err) : resolve(result)));
    if (onResponse) instance.on('response', onResponse);
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round = (x, d = 3) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

if (warmup > 0) await run(warmup);
const times = [];
const started = process.hrtime.bigint();
const result = await run(duration, (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
});
const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
const sorted = Float64Array.from(times).sort();
const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;

process.stdout.write(`${JSON.stringify({
  rps: round(result.requests.average, 1),
  rpsOk: round(times.length / elapsedS, 1),
  p50: round(percentile(sorted, 50)),
  p90: round(percentile(sorted, 90)),
  p99: round(percentile(sorted, 99)),
  mean: round(mean),
  max: round(sorted.length ? sorted[sorted.length - 1] : null),
  requests: result.requests.total,
  ok: times.length,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
  connections,
  durationS: round(elapsedS, 2),
  warmupS: warmup,
})}\n`);
