// The embedded store's primary-key path, Lockstep's FerretDB build against the stock 1.24.2 release in the same run:
// findOne, updateOne and insert+delete by `_id` on a collection of 100 documents and of 10,000 (same document
// shape). Every Lockstep store access that must stay fast (sessions, identity, sync states and op log, consent) is
// by `_id`, so its cost must not grow with the collection. Stock FerretDB 1.24 (SQLite) scans the table for each of
// them (its query expression does not match the `_id` index); scripts/lib/services.mjs patches that before building
// (FERRETDB_PATCHES). For contrast: an equality filter on another field, evaluated in Go over every document.
// Run through `npm run bench -- store-lookup` (it starts FerretDB and Redis; this bench builds and starts the stock
// release beside them, once ~15 s).
import { MongoClient, type Collection } from 'mongodb';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_BUILD, FERRETDB_VERSION, ensureFerretDB, freePort, startFerretDB, stopChild } from '../scripts/lib/services.mjs';
import { benchServices, emit, inProcessRun, log, machine, ratio, runBench, seconds, type Run } from './lib/harness.ts';

const SIZES = [100, 10_000];
const CONCURRENCY = 4;
const DURATION = seconds('BENCH_DURATION_S', 3);
const WARMUP = seconds('BENCH_WARMUP_S', 0.5);
/** About the size of a sync state or identity document. */
const PAD = 'x'.repeat(600);

interface Doc { _id: string; tenantId: string; n: number; pad: string; v: number }

const run = (label: string, op: (i: number) => Promise<unknown>) =>
  inProcessRun(label, op, { concurrency: CONCURRENCY, durationS: DURATION, warmupS: WARMUP, unit: 'ops/s' });

async function fill(col: Collection<Doc>, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 1000) {
    const docs: Doc[] = [];
    for (let j = i; j < Math.min(to, i + 1000); j++) docs.push({ _id: `doc-${j}`, tenantId: 't1', n: j, pad: PAD, v: 0 });
    await col.insertMany(docs, { ordered: false });
  }
}

interface SizeRuns { find: Run; update: Run; replace: Run }

/** Every run against one server: per size, then the filtered contrast at the largest size. */
async function measureServer(uri: string, tag: string): Promise<{ runs: Run[]; bySize: Record<number, SizeRuns>; filtered: Run }> {
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db(`bench_store_${Date.now().toString(36)}`);
  const col = db.collection<Doc>('docs');
  const runs: Run[] = [];
  const bySize: Record<number, SizeRuns> = {};
  let have = 0;
  try {
    for (const size of SIZES) {
      log(`store-lookup (${tag}): ${size} documents`);
      await fill(col, have, size);
      have = size;
      // Keys spread over the whole collection (a stride coprime to every size).
      const key = (i: number) => `doc-${(i * 7919) % size}`;
      const find = await run(`${tag}: findOne by _id, ${size} docs`, async (i) => {
        const d = await col.findOne({ _id: key(i) });
        if (!d) throw new Error(`${key(i)} not found`);
      });
      const update = await run(`${tag}: updateOne by _id, ${size} docs`, async (i) => {
        const r = await col.updateOne({ _id: key(i) }, { $set: { v: i } });
        if (r.matchedCount !== 1) throw new Error(`${key(i)} not matched`);
      });
      // An op-log style write: insert a new _id, delete the oldest (what the sync plugin does per commit).
      let next = 0;
      let oldest = 0;
      const replace = await run(`${tag}: insertOne + deleteOne by _id, ${size} docs`, async () => {
        const id = next++;
        await col.insertOne({ _id: `log-${id}`, tenantId: 't1', n: -1, pad: PAD, v: 0 });
        if (id >= 8) await col.deleteOne({ _id: `log-${oldest++}` });
      });
      await col.deleteMany({ n: -1 });
      bySize[size] = { find, update, replace };
      runs.push(find, update, replace);
    }
    const largest = SIZES[SIZES.length - 1]!;
    const filtered = await inProcessRun(`${tag}: findOne by n (not _id), ${largest} docs`, async (i) => {
      const d = await col.findOne({ n: (i * 7919) % largest });
      if (!d) throw new Error('not found');
    }, { concurrency: 1, durationS: DURATION, warmupS: 0, unit: 'ops/s' });
    runs.push(filtered);
    return { runs, bySize, filtered };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function main(): Promise<void> {
  const { mongoBase } = benchServices();
  const ours = await measureServer(mongoBase, 'lockstep build');
  // The stock release, on its own port and data folder, measured second (same load generator, same machine).
  const stockBin = ensureFerretDB({ stock: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-stock-'));
  const port = await freePort();
  const stockProc = await startFerretDB({ dataDir: path.join(tmp, 'ferretdb'), port, bin: stockBin });
  let stock: Awaited<ReturnType<typeof measureServer>>;
  try {
    stock = await measureServer(`mongodb://127.0.0.1:${port}`, 'stock');
  } finally {
    await stopChild(stockProc);
    rmSync(tmp, { recursive: true, force: true });
  }

  const [small, large] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  const ratios: Record<string, number | null> = {};
  for (const [tag, r] of [['lockstep', ours], ['stock', stock]] as const) {
    ratios[`${tag}: findOne _id p50, ${large} / ${small} docs`] = ratio(r.bySize[large]!.find.p50, r.bySize[small]!.find.p50);
    ratios[`${tag}: updateOne _id p50, ${large} / ${small} docs`] = ratio(r.bySize[large]!.update.p50, r.bySize[small]!.update.p50);
    ratios[`${tag}: insert+delete _id p50, ${large} / ${small} docs`] = ratio(r.bySize[large]!.replace.p50, r.bySize[small]!.replace.p50);
  }
  ratios[`findOne _id ops/s at ${large} docs, lockstep / stock`] = ratio(ours.bySize[large]!.find.rps, stock.bySize[large]!.find.rps);
  ratios[`updateOne _id ops/s at ${large} docs, lockstep / stock`] = ratio(ours.bySize[large]!.update.rps, stock.bySize[large]!.update.rps);
  ratios[`insert+delete _id ops/s at ${large} docs, lockstep / stock`] = ratio(ours.bySize[large]!.replace.rps, stock.bySize[large]!.replace.rps);
  ratios[`lockstep: findOne by another field / by _id p50, ${large} docs`] = ratio(ours.filtered.p50, ours.bySize[large]!.find.p50);
  emit({
    name: 'store-lookup',
    runs: [...ours.runs, ...stock.runs],
    ratios,
    notes: [
      `FerretDB ${FERRETDB_BUILD} (ours) and stock ${FERRETDB_VERSION}, SQLite backend, raw mongodb driver, ${CONCURRENCY} ops in flight, ${WARMUP} s warm-up + ${DURATION} s per run; documents of ~${PAD.length + 60} bytes.`,
      'Size ratios near 1 mean the primary-key path does not grow with the collection; lockstep / stock > 1 is the patch\'s gain.',
      'The filter on another field is what FerretDB v1 cannot push down (one op in flight): Lockstep reads by derived _id wherever latency matters.',
    ],
    machine: machine(),
  });
}

runBench('store-lookup', main);
