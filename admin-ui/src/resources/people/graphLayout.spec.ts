import assert from 'node:assert/strict';
import { test } from 'node:test';
import { graphLayout } from './graphLayout';

test('every identifier gets a node on a ring around the person, the account first at the top', () => {
  const layout = graphLayout([
    { kind: 'anonymous_id', value: 'b-desk', channel: 'web' },
    { kind: 'user_id', value: 'u1', channel: null },
    { kind: 'anonymous_id', value: 'a-phone', channel: 'ios' },
  ], 400, 300);
  assert.deepEqual(layout.nodes.map((n) => n.key), ['user_id:u1', 'anonymous_id:a-phone', 'anonymous_id:b-desk']);
  assert.deepEqual([layout.nodes[0].x, layout.nodes[0].y < layout.center.y], [200, true]);
  const dist = layout.nodes.map((n) => Math.round(Math.hypot(n.x - layout.center.x, n.y - layout.center.y)));
  assert.ok(dist.every((d) => Math.abs(d - dist[0]) <= 1), `equal radius: ${dist}`);
  for (const n of layout.nodes) assert.ok(n.x >= 0 && n.x <= 400 && n.y >= 0 && n.y <= 300);
});

test('long values are shortened for the label, the key keeps them whole', () => {
  const long = 'x'.repeat(40);
  const [node] = graphLayout([{ kind: 'anonymous_id', value: long, channel: null }]).nodes;
  assert.equal(node.key, `anonymous_id:${long}`);
  assert.ok(node.label.length <= 18 && node.label.endsWith('…'));
});
