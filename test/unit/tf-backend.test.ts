import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectTfBackend } from '../../workers/src/tf-backend.ts';

// On this machine neither @tensorflow/tfjs-node(-gpu) nor the `webgpu` package is installed: the choice falls
// through to WASM, and every skipped backend says why.
test('selectTfBackend() picks wasm here, listing each skipped backend with a reason', async () => {
  const choice = await selectTfBackend();
  assert.equal(choice.backend, 'wasm');
  assert.equal(choice.gpu, false);
  assert.equal(choice.tf.getBackend(), 'wasm');
  assert.deepEqual(choice.tried.map((t) => [t.backend, t.ok]), [['tensorflow-gpu', false], ['tensorflow', false], ['webgpu', false], ['wasm', true]]);
  for (const t of choice.tried.filter((x) => !x.ok)) {
    assert.ok(typeof t.reason === 'string' && t.reason.length > 0, `${t.backend} has a reason`);
    assert.doesNotMatch(t.reason!, /\n/, 'one line');
  }
  assert.match(choice.tried[0].reason!, /tfjs-node-gpu/);
  assert.match(choice.tried[1].reason!, /tfjs-node/);
  assert.match(choice.tried[2].reason!, /webgpu/);
  assert.equal(choice.tried[3].reason, undefined);

  // A tiny op runs on the chosen backend.
  const { tf } = choice;
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])));
  assert.deepEqual(y.shape, [2, 1]);
  assert.deepEqual(Array.from(await y.data()), [17, 39]);
  y.dispose();
});

test('forcing cpu selects the plain JS backend and computes on it', async () => {
  const choice = await selectTfBackend('cpu');
  assert.equal(choice.backend, 'cpu');
  assert.equal(choice.gpu, false);
  assert.deepEqual(choice.tried, [{ backend: 'cpu', ok: true }]);
  assert.equal(choice.tf.getBackend(), 'cpu');
  const s = choice.tf.tidy(() => choice.tf.tensor1d([1, 2, 3, 4]).square().sum());
  assert.equal((await s.data())[0], 30);
  s.dispose();
});

test('forcing an unavailable backend falls back to cpu and records why the forced one failed', async () => {
  const choice = await selectTfBackend('tensorflow');
  assert.equal(choice.backend, 'cpu');
  assert.deepEqual(choice.tried.map((t) => [t.backend, t.ok]), [['tensorflow', false], ['cpu', true]]);
  assert.match(choice.tried[0].reason!, /tfjs-node/);
});
