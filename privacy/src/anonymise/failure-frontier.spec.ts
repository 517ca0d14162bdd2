import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FailureFrontier } from './failure-frontier.ts';

const node = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 });

test('covers exactly the nodes at or below a failing node, keeping only maximal ones', () => {
  fc.assert(fc.property(fc.array(node, { maxLength: 12 }), fc.array(node, { maxLength: 20 }), (failed, probes) => {
    const frontier = new FailureFrontier();
    for (const f of failed) frontier.add(f);
    for (const p of probes) {
      const below = failed.some((f) => p.every((x, i) => x <= f[i]));
      assert.equal(frontier.covers(p), below);
    }
    assert.ok(frontier.size <= failed.length);
  }));
});
