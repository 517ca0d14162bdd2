/**
 * The embedded store keeps every acknowledged write across a crash of FerretDB itself (SIGKILL), with the default
 * `LOCKSTEP_FERRETDB_SYNCHRONOUS=normal` (SQLite WAL, no fsync per commit: docs/ferretdb.md). The sync plugin acks an
 * op only after its op-log insert, so this is what "a restart loses no acknowledged op" rests on. A dedicated FerretDB
 * on its own port and data folder; the test stack's store is not touched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MongoClient } from 'mongodb';
import { ferretdbSynchronous, freePort, startFerretDB, stopChild } from '../../scripts/lib/services.mjs';

test('the store setting is normal by default, full on request, and anything else is refused by name', () => {
  assert.equal(ferretdbSynchronous({}), 'normal');
  assert.equal(ferretdbSynchronous({ LOCKSTEP_FERRETDB_SYNCHRONOUS: 'FULL' }), 'full');
  assert.throws(() => ferretdbSynchronous({ LOCKSTEP_FERRETDB_SYNCHRONOUS: 'off' }), /LOCKSTEP_FERRETDB_SYNCHRONOUS must be "normal" or "full", got "off"/);
});

test('every acknowledged insert, update and delete survives FerretDB killed with SIGKILL mid-stream', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-durability-'));
  const port = await freePort();
  let proc = await startFerretDB({ dataDir: dir, port });
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    const col = client.db('durability').collection<{ _id: string; n: number; v?: number }>('log');
    const acked = new Set<string>();
    const deleted = new Set<string>();
    const updated = new Set<string>();
    // Writers keep going while the server is killed: whatever was acknowledged before the kill must be there after.
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const id = `w${w}-${i}`;
        try {
          await col.insertOne({ _id: id, n: i });
          acked.add(id);
          if (i % 3 === 0) { await col.updateOne({ _id: id }, { $set: { v: i } }); updated.add(id); }
          if (i % 5 === 4) { await col.deleteOne({ _id: `w${w}-${i - 1}` }); deleted.add(`w${w}-${i - 1}`); }
        } catch {
          return; // the server went away mid-write: that write was never acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 1500));
    proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await client.close(true).catch(() => undefined);
    assert.ok(acked.size > 50, `writes were acknowledged before the kill (${acked.size})`);

    proc = await startFerretDB({ dataDir: dir, port });
    const again = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
    await again.connect();
    try {
      const docs = await again.db('durability').collection<{ _id: string; n: number; v?: number }>('log').find({}).toArray();
      const have = new Map(docs.map((d) => [d._id, d]));
      const lost = [...acked].filter((id) => !deleted.has(id) && !have.has(id));
      assert.deepEqual(lost, [], 'no acknowledged insert is missing');
      const resurrected = [...deleted].filter((id) => have.has(id));
      assert.deepEqual(resurrected, [], 'no acknowledged delete came back');
      const unapplied = [...updated].filter((id) => !deleted.has(id) && have.get(id)?.v !== have.get(id)?.n);
      assert.deepEqual(unapplied, [], 'every acknowledged update is there');
    } finally {
      await again.close();
    }
  } finally {
    await stopChild(proc);
    rmSync(dir, { recursive: true, force: true });
  }
});
