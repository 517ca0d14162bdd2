import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canServe, capabilitiesOf } from '../../workers/src/capabilities.ts';
import type { JobDeclaration } from '../../server/src/core/plugin-contract.ts';

const job = (name: string, requires?: string[]): JobDeclaration => ({ name, queue: 'fx-q', processor: async () => ({ default: async () => null }), requires });

test('capabilitiesOf: always cpu; tfjs and tfjs:<backend> with a TF.js backend; gpu only on a GPU backend; extras added, sorted, unique', () => {
  assert.deepEqual(capabilitiesOf(null, []), ['cpu']);
  assert.deepEqual(capabilitiesOf({ backend: 'wasm', gpu: false }, []), ['cpu', 'tfjs', 'tfjs:wasm']);
  assert.deepEqual(capabilitiesOf({ backend: 'cpu', gpu: false }, []), ['cpu', 'tfjs', 'tfjs:cpu']);
  assert.deepEqual(capabilitiesOf({ backend: 'tensorflow-gpu', gpu: true }, []), ['cpu', 'gpu', 'tfjs', 'tfjs:tensorflow-gpu']);
  assert.deepEqual(capabilitiesOf({ backend: 'webgpu', gpu: true }, ['big-memory']), ['big-memory', 'cpu', 'gpu', 'tfjs', 'tfjs:webgpu']);
  // Configured extras may say gpu without a GPU backend (an operator's promise); duplicates collapse.
  assert.deepEqual(capabilitiesOf(null, ['gpu', 'cpu', 'gpu']), ['cpu', 'gpu']);
  assert.deepEqual(capabilitiesOf({ backend: 'tensorflow', gpu: false }, ['tfjs']), ['cpu', 'tfjs', 'tfjs:tensorflow']);
});

test('canServe: a queue is served only when every job\'s requirements are met; missing lists each capability once', () => {
  assert.deepEqual(canServe([], ['cpu']), { ok: true, missing: [] });
  assert.deepEqual(canServe([job('a'), job('b', [])], ['cpu']), { ok: true, missing: [] });
  assert.deepEqual(canServe([job('train', ['tfjs'])], ['cpu', 'tfjs', 'tfjs:wasm']), { ok: true, missing: [] });
  assert.deepEqual(canServe([job('train', ['gpu'])], ['cpu', 'tfjs', 'tfjs:wasm']), { ok: false, missing: ['gpu'] });
  // One demanding job makes the whole queue unservable (a worker takes any job of the queues it serves).
  assert.deepEqual(canServe([job('light'), job('heavy', ['gpu', 'tfjs']), job('heavier', ['gpu', 'big-memory'])], ['cpu', 'tfjs']), { ok: false, missing: ['gpu', 'big-memory'] });
  assert.deepEqual(canServe([job('x', ['tfjs:tensorflow'])], capabilitiesOf({ backend: 'wasm', gpu: false }, [])), { ok: false, missing: ['tfjs:tensorflow'] });
  assert.deepEqual(canServe([job('x', ['gpu'])], capabilitiesOf(null, ['gpu'])), { ok: true, missing: [] });
});
