// Preloaded into a server process that a bench measures (`node --expose-gc --import ./bench/lib/mem-probe.mjs …`,
// spawned with an IPC channel): answers `{type: 'mem', id}` with the process's memory after two full collections,
// so heap deltas compare live objects, not garbage. RSS is read from /proc/self/status (VmRSS) where it exists.
// `{type: 'heap-snapshot', id, file}` writes a V8 heap snapshot there (diagnostics); `{type: 'eld', id, reset}`
// answers the event-loop delay (ms: p50, p99, max) since the last reset, and resets it when asked.
// Inert when the process has no IPC channel; the channel is unref'd so it never keeps the process alive.
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** VmRSS of this process in bytes (process.memoryUsage().rss where /proc is missing). */
function rssBytes() {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return process.memoryUsage().rss;
}

if (process.send) {
  process.channel?.unref();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  process.on('message', (msg) => {
    if (msg?.type === 'heap-snapshot') {
      // Diagnostics only (SYNC_BENCH_HEAP_SNAPSHOT_DIR): a full snapshot pauses the process for seconds.
      process.send({ type: 'heap-snapshot', id: msg.id, file: writeHeapSnapshot(msg.file) });
      return;
    }
    if (msg?.type === 'eld') {
      const ms = (ns) => Math.round(ns / 1e4) / 100;
      process.send({ type: 'eld', id: msg.id, p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) });
      if (msg.reset) eld.reset();
      return;
    }
    if (msg?.type !== 'mem') return;
    const collected = typeof globalThis.gc === 'function';
    if (collected) { globalThis.gc(); globalThis.gc(); }
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send({ type: 'mem', id: msg.id, rss: rssBytes(), heapUsed, heapTotal, external, arrayBuffers, collected });
  });
}
