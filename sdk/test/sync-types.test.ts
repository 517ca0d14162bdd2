/**
 * The SDK's hand-written sync shapes (sdk/src/sync/wire.ts) against their sources in plugins/sync: mutual
 * assignability at compile time (this file is type-checked by `tsc -p sdk/tsconfig.json`, a drift fails it), the shared
 * constants at run time, and ops the SDK builds are valid for the server's op schema.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import type * as Ops from '../../plugins/sync/crdt/ops.schema.ts';
import { SyncOp as SyncOpSchema } from '../../plugins/sync/crdt/ops.schema.ts';
import type * as State from '../../plugins/sync/crdt/state.ts';
import type * as View from '../../plugins/sync/crdt/view.ts';
import * as Frames from '../../plugins/sync/protocol/frames.ts';
import { MemoryStorage, createLockstep } from '../src/index.ts';
import type * as Wire from '../src/sync/wire.ts';
import { MAX_FRAME_BYTES, MAX_OPS_PER_FRAME } from '../src/sync/wire.ts';
import { FakeSyncTransport } from './helpers/fake-sync.ts';

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_: T) => undefined;

same<Mutual<Wire.SyncOp, Ops.SyncOp>>(true);
same<Mutual<Wire.CartAddOp, Ops.CartAddOp>>(true);
same<Mutual<Wire.CartSetQuantityOp, Ops.CartSetQuantityOp>>(true);
same<Mutual<Wire.CartRemoveOp, Ops.CartRemoveOp>>(true);
same<Mutual<Wire.WishlistRemoveOp, Ops.WishlistRemoveOp>>(true);
same<Mutual<Wire.PrefSetOp, Ops.PrefSetOp>>(true);
same<Mutual<Wire.ResumeSetOp, Ops.ResumeSetOp>>(true);
same<Mutual<Wire.PrefKey, Ops.PrefKey>>(true);
same<Mutual<Wire.SyncState, State.SyncState>>(true);
same<Mutual<Wire.SyncView, View.SyncView>>(true);
same<Mutual<Wire.CartLineView, View.CartLineView>>(true);
same<Mutual<Wire.ClientFrame, Frames.ClientFrame>>(true);
same<Mutual<Wire.ServerFrame, Frames.ServerFrame>>(true);
same<Mutual<Wire.CatalogFacts, Frames.CatalogFacts>>(true);
same<Mutual<Wire.SnapshotReason, Frames.SnapshotReason>>(true);
same<Mutual<Wire.TokenRequest, Frames.TokenRequest>>(true);
same<Mutual<Wire.PostOpsResult, Frames.PostOpsResult>>(true);
same<Mutual<Wire.TokenResponse, import('typebox').Static<typeof Frames.TokenResponse>>>(true);

describe('sdk sync: wire shapes match the server', () => {
  it('shares the frame limits', () => {
    assert.equal(MAX_FRAME_BYTES, Frames.MAX_FRAME_BYTES);
    assert.equal(MAX_OPS_PER_FRAME, Frames.MAX_OPS_PER_FRAME);
  });

  it('every op the client builds passes the server\'s op schema; frames pass ClientFrame', async () => {
    const transport = new FakeSyncTransport();
    const lockstep = createLockstep({ endpoint: 'http://sync.invalid', publishableKey: 'pk_test_x', channel: 'web', storage: new MemoryStorage(), sync: { transport } });
    const s = lockstep.sync;
    const ops = [
      s.cart.add('p1', { quantity: 2, price: 19.9, currency: 'EUR' }),
      s.cart.add('p2', { variantId: 'red' }),
      s.cart.setQuantity('p1', 5),
      s.cart.remove('p2', { variantId: 'red' }),
      s.wishlist.add('p3'),
      s.wishlist.remove('p3'),
      s.viewed('p4'),
      s.setPreference('currency', 'USD'),
      s.setPreference('language', 'fr-FR'),
      s.resume({ checkoutStep: 'shipping', lastProductId: null }),
    ];
    for (const op of ops) assert.ok(op && Value.Check(SyncOpSchema, op), JSON.stringify(op));
    s.start();
    const conn = await transport.nextConnection();
    assert.ok(Value.Check(Frames.ClientFrame, conn.hello), JSON.stringify(conn.hello));
    conn.open();
    await conn.waitFor('ops');
    for (const f of conn.sent) assert.ok(Value.Check(Frames.ClientFrame, f), JSON.stringify(f).slice(0, 200));
    await lockstep.shutdown(0);
  });
});
