import { createLockstep, MemoryStorage } from '../../src/index.ts';
import type { LockstepClient, LockstepError, LockstepOptions } from '../../src/types.ts';

export const KEY = 'pk_test_abcdefghijklmnopqrstuvwxyz012345';

/** A client with fast retries and a long time flush unless told otherwise; errors are collected. */
export function testClient(endpoint: string, opts: Partial<LockstepOptions> = {}): { client: LockstepClient; errors: LockstepError[]; storage: MemoryStorage } {
  const errors: LockstepError[] = [];
  const storage = (opts.storage as MemoryStorage | undefined) ?? new MemoryStorage();
  const client = createLockstep({
    endpoint,
    publishableKey: KEY,
    channel: 'web',
    flushAt: 20,
    flushIntervalMs: 60_000,
    retry: { baseMs: 40, maxMs: 200 },
    requestTimeoutMs: 2000,
    onError: (e) => errors.push(e),
    ...opts,
    storage,
  });
  return { client, errors, storage };
}
