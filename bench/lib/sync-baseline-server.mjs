// Baseline for bench/sync-fanout.bench.ts: a bare Fastify + @fastify/websocket server, no auth, no storage, no
// validation beyond JSON.parse, doing what the sync socket does at its simplest: a room per person
// (`GET /socket?room=<person>`), `hello` → a tiny `snapshot`, `ops` → `{type: 'ops', fromSeq, seq, ops}` to every
// socket of the room (the sender included, as the sync server does) and `{type: 'ack'}` to the sender; `seen`,
// `digest` and `ping` (→ pong) are accepted. With a Redis URL (two-instance runs) every ops frame is also published
// on one channel and each instance delivers the frames of other instances to its own sockets of that room.
// Run as a child process with an IPC channel (`fork`, preloading mem-probe.mjs): sends `{type: 'listening', port}`.
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import { Redis } from 'ioredis';

const opts = JSON.parse(process.argv[2] ?? '{}');
const { port = 0, redisUrl = null, channel = 'bench-baseline', instance = 'b0' } = opts;

/** room → sockets of that room on this instance. */
const rooms = new Map();
/** room → last seq this instance handed out (per instance: the baseline keeps no shared state). */
const seqs = new Map();

function deliver(room, text) {
  const members = rooms.get(room);
  if (!members) return;
  for (const s of members) if (s.readyState === 1) s.send(text);
}

let pub = null;
if (redisUrl) {
  pub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const sub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  await sub.subscribe(channel);
  sub.on('message', (_ch, message) => {
    // `<instance>\n<room>\n<frame JSON>`: frames of this instance were already delivered locally.
    const a = message.indexOf('\n');
    const b = message.indexOf('\n', a + 1);
    if (message.slice(0, a) === instance) return;
    deliver(message.slice(a + 1, b), message.slice(b + 1));
  });
}

const app = Fastify({ logger: false });
await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
app.get('/socket', { websocket: true }, (socket, request) => {
  const room = String(request.query.room ?? '');
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(socket);
  socket.on('close', () => {
    members.delete(socket);
    if (!members.size && rooms.get(room) === members) rooms.delete(room);
  });
  socket.on('message', (data) => {
    let frame;
    try { frame = JSON.parse(data.toString()); } catch { socket.close(4400, 'bad frame'); return; }
    switch (frame.type) {
      case 'hello':
        socket.send(JSON.stringify({ type: 'snapshot', reason: 'hello', seq: seqs.get(room) ?? 0 }));
        break;
      case 'ops': {
        const fromSeq = (seqs.get(room) ?? 0) + 1;
        const seq = fromSeq + frame.ops.length - 1;
        seqs.set(room, seq);
        const text = JSON.stringify({ type: 'ops', fromSeq, seq, ops: frame.ops });
        deliver(room, text);
        if (pub) pub.publish(channel, `${instance}\n${room}\n${text}`);
        socket.send(JSON.stringify({ type: 'ack', opIds: frame.ops.map((o) => o.opId), seq }));
        break;
      }
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong', serverTime: Date.now() }));
        break;
      default: // seen, digest: nothing to do without storage
    }
  });
});
await app.listen({ port, host: '127.0.0.1' });
process.send?.({ type: 'listening', port: app.server.address().port });
process.on('SIGTERM', () => { app.close().finally(() => process.exit(0)); });
