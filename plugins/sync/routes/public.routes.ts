import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { errors } from '../../../server/src/schemas/common.ts';
import type { Invalidation } from '../../../server/src/auth/credential-cache.ts';
import { view } from '../crdt/view.ts';
import { ClientFrame, MAX_FRAME_BYTES, PostOpsBody, TokenRequest, TokenResponse, type ServerFrame } from '../protocol/frames.ts';
import { DeviceConn, type FrameSink } from '../hub/device-conn.ts';
import { syncError, SyncErrors } from '../errors.ts';
import { PLUGIN_NAME } from '../constants.ts';
import { syncServices, type SyncServices } from '../services/sync-services.ts';
import type { DeviceClaims } from '../services/tokens.ts';
import { format } from 'node:util';

/** Storefronts call these from any origin with a publishable key (the key authenticates; no cookie is involved). */
const SYNC_CORS: FastifyCorsOptions = {
  origin: '*', credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type', 'x-sync-token'], exposedHeaders: ['retry-after', 'x-request-id'], maxAge: 600,
};
const tags = ['sync'];
const StateQuery = Type.Object({ key: Type.Optional(Type.String()), token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })) });
const TokenQuery = Type.Object({ key: Type.Optional(Type.String()), token: Type.String({ minLength: 1, maxLength: 2048 }), lastSeq: Type.Optional(Type.Integer({ minimum: 0 })), personKey: Type.Optional(Type.String({ maxLength: 200 })) });
const StateResult = Type.Object({ seq: Type.Integer(), personKey: Type.String(), state: Type.Unknown(), view: Type.Unknown(), catalog: Type.Unknown() });
const OpsResult = Type.Object({ seq: Type.Integer(), acked: Type.Array(Type.String()), rejected: Type.Array(Type.Object({ opId: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String() })) });
const checkFrame = Compile(ClientFrame);

function apiKeyOf(request: FastifyRequest): { tenantId: string; keyId: string; keyKind: string } {
  const p = request.principal as { kind: string; keyId?: string; tenantId: string; keyKind?: string } | null;
  if (!p || p.kind !== 'apiKey' || !p.keyId) throw coreError('CORE_ERR_FORBIDDEN', ['sync is used with a publishable or secret API key']);
  return { tenantId: p.tenantId, keyId: p.keyId, keyKind: p.keyKind ?? 'publishable' };
}

/** The first validation problem of a client frame, as one readable line. */
function frameProblem(value: unknown): string {
  const first = [...checkFrame.Errors(value)][0] as { instancePath?: string; message?: string } | undefined;
  return first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'}` : 'unknown frame';
}

/**
 * The shopper-facing sync API (`/v1/sync/…`): device tokens, the WebSocket, and the HTTP fallback (state, ops, SSE).
 * docs/sync-protocol.md is the protocol; plugins/sync/README.md the merge rules.
 */
export async function syncPublicRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const s = await syncServices(ctx, app);
  app.addHook('onClose', async () => s.close());
  ctx.bus.subscribe<Invalidation>('auth.invalidate', (e) => {
    const what = e.payload;
    if ('keyId' in what) s.hub.closeWhere((c) => c.id.keyId === what.keyId, 4401, 'API key revoked');
    else if ('tenantId' in what) s.hub.closeWhere((c) => c.tenantId === what.tenantId, 4401, 'tenant suspended');
  });
  ctx.bus.subscribe<{ plugin: string }>('plugin.toggled', async (e) => {
    if (e.payload?.plugin === PLUGIN_NAME && !(await ctx.isEnabled(e.tenantId))) s.hub.closeWhere((c) => c.tenantId === e.tenantId, 4403, 'sync disabled for this tenant');
  });

  for (const url of ['/token', '/ops', '/state']) {
    app.options(url, { config: { public: true, cors: SYNC_CORS }, schema: { hide: true } }, async (_request, reply) => reply.code(204).send());
  }

  app.post('/token', {
    config: { access: { action: 'connect', subject: 'SyncSession' }, publishable: true, cors: SYNC_CORS },
    schema: { tags, summary: 'A signed device token for the sync socket and HTTP fallback (stitches the device into the identity graph)', body: TokenRequest, response: { 200: TokenResponse, ...errors(400, 401, 403, 429) } },
  }, async (request) => {
    const { tenantId, keyKind } = apiKeyOf(request);
    const body = request.body as TokenRequest;
    const settings = await s.settings(tenantId);
    if (body.userId && settings.userIdNeedsSecretKey && keyKind !== 'secret') throw syncError('SYNC_ERR_USER_NEEDS_SECRET_KEY');
    const ids = { anonymousId: body.anonymousId, deviceId: body.deviceId, userId: body.userId ?? null, channel: body.channel ?? null };
    // Before the graph stitches the device to a person, its state (if any) lives under its anonymous key.
    const before = await s.keys.resolve(tenantId, ids);
    const { personKey, merged } = await s.keys.identify(tenantId, ids);
    if (merged) await s.rekeyer.rekey(tenantId, `p:${merged.fromPersonId}`, `p:${merged.intoPersonId}`);
    for (const from of new Set([before, `a:${ids.anonymousId}`])) if (from !== personKey) await s.rekeyer.rekey(tenantId, from, personKey);
    const exp = Math.floor(Date.now() / 1000) + settings.tokenTtlMinutes * 60;
    const token = await s.tokens.mint({ tenantId, ...ids, exp });
    return { token, expiresAt: new Date(exp * 1000).toISOString(), personKey };
  });

  /** The device of a request's token and where its state lives now. */
  async function device(request: FastifyRequest, token: string | undefined, opts: { followMoves?: boolean } = {}): Promise<{ claims: DeviceClaims; personKey: string; keyId: string }> {
    const { tenantId, keyId } = apiKeyOf(request);
    if (!token) throw syncError('SYNC_ERR_TOKEN_INVALID', ['send the device token (x-sync-token header or ?token=)']);
    const claims = await s.tokens.verify(tenantId, token);
    let personKey = await s.keys.resolve(tenantId, claims);
    // Sockets and SSE follow `movedTo` in the hub's hello (one load); plain HTTP calls follow it here.
    for (let hops = 0; opts.followMoves !== false && hops < 4; hops++) {
      const cur = await s.store.load(tenantId, personKey);
      if (!cur.movedTo) break;
      personKey = cur.movedTo;
    }
    return { claims, personKey, keyId };
  }

  app.get('/state', {
    config: { access: { action: 'connect', subject: 'SyncSession' }, publishable: true, keyInQuery: true, cors: SYNC_CORS },
    schema: { tags, summary: 'The device\'s person\'s current sync state and view (HTTP fallback; token in x-sync-token or ?token=)', querystring: StateQuery, response: { 200: StateResult, ...errors(400, 401, 403, 429) } },
  }, async (request) => {
    const q = request.query as { token?: string };
    const { claims, personKey } = await device(request, (request.headers['x-sync-token'] as string | undefined) ?? q.token);
    const cur = await s.store.load(claims.tenantId, personKey);
    return { seq: cur.seq, personKey, state: cur.state, view: view(cur.state), catalog: await s.hub.catalogFor(claims.tenantId, cur.state) };
  });

  app.post('/ops', {
    config: { access: { action: 'connect', subject: 'SyncSession' }, publishable: true, cors: SYNC_CORS },
    schema: { tags, summary: 'Send ops (HTTP fallback): acknowledged once durable, refused ones listed with a code', body: PostOpsBody, response: { 200: OpsResult, ...errors(400, 401, 403, 413, 429, 503) } },
  }, async (request) => {
    const { claims, personKey } = await device(request, request.headers['x-sync-token'] as string | undefined);
    const { ops } = request.body as PostOpsBody;
    const res = await s.hub.accept(claims.tenantId, personKey, claims.deviceId, ops);
    const last = ops[ops.length - 1]!;
    void s.presence.touchHttp(claims.tenantId, personKey, claims, { opId: last.opId, kind: last.kind, at: new Date().toISOString() }, res.seq).catch(() => undefined);
    return { seq: res.seq, acked: res.acked, rejected: res.rejected };
  });

  app.get('/events', {
    config: { access: { action: 'connect', subject: 'SyncSession' }, publishable: true, keyInQuery: true, cors: SYNC_CORS },
    schema: { tags, summary: 'Server-Sent Events (HTTP fallback for clients without WebSocket): the same frames as the socket', querystring: TokenQuery },
  }, async (request, reply) => {
    const q = request.query as { token: string; lastSeq?: number; personKey?: string };
    const { claims, personKey, keyId } = await device(request, q.token, { followMoves: false });
    const settings = await s.settings(claims.tenantId);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no', 'access-control-allow-origin': '*' });
    raw.write(': lockstep sync\n\n');
    const sink: FrameSink = {
      transport: 'sse',
      send: (json, type) => raw.write(`event: ${type}\ndata: ${json}\n\n`),
      buffered: () => raw.writableLength,
      close: () => raw.end(),
      ping: () => { raw.write(': ping\n\n'); conn.alive = true; },
    };
    const conn = new DeviceConn(sink, { tenantId: claims.tenantId, keyId, anonymousId: claims.anonymousId, userId: claims.userId, deviceId: claims.deviceId, channel: claims.channel }, personKey, settings.maxOpsPerSecond);
    raw.on('close', () => s.hub.disconnect(conn));
    await s.hub.hello(conn, { type: 'hello', ...(q.lastSeq !== undefined ? { lastSeq: q.lastSeq } : {}), ...(q.personKey ? { personKey: q.personKey } : {}) });
  });

  app.get('/socket', {
    websocket: true,
    config: { access: { action: 'connect', subject: 'SyncSession' }, publishable: true, keyInQuery: true },
    schema: { tags, summary: 'The sync socket (?key=<publishable key>&token=<device token>); frames in docs/sync-protocol.md', querystring: TokenQuery },
  }, async (socket, request) => {
    const send = (f: ServerFrame) => socket.send(JSON.stringify(f));
    // Frames that arrive while the token is checked wait here (the client may send hello at once).
    const early: Buffer[] = [];
    const hold = (data: Buffer) => early.push(data);
    socket.on('message', hold);
    let resolved: Awaited<ReturnType<typeof device>>;
    try {
      resolved = await device(request, (request.query as { token?: string }).token, { followMoves: false });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      send({ type: 'error', code: e.code ?? 'SYNC_ERR_TOKEN_INVALID', message: e.message ?? 'invalid token' });
      socket.close(4401, e.code ?? 'unauthorized');
      return;
    }
    const { claims, personKey, keyId } = resolved;
    // The closures below live as long as the socket: they keep the logger, not the upgrade request (its CASL rules,
    // cookies and principal would otherwise stay in memory per connection).
    const log = request.log;
    const settings = await s.settings(claims.tenantId);
    const sink: FrameSink = {
      transport: 'ws',
      send: (json) => { socket.send(json); return socket.bufferedAmount <= 0; },
      buffered: () => socket.bufferedAmount,
      close: (code, reason) => socket.close(code, reason),
      ping: () => socket.ping(),
    };
    const conn = new DeviceConn(sink, { tenantId: claims.tenantId, keyId, anonymousId: claims.anonymousId, userId: claims.userId, deviceId: claims.deviceId, channel: claims.channel }, personKey, settings.maxOpsPerSecond);
    let chain: Promise<void> = Promise.resolve();
    let bad = 0;
    const onMessage = (data: Buffer, isBinary = false) => {
      conn.alive = true;
      if (isBinary || data.length > MAX_FRAME_BYTES) {
        conn.send({ type: 'error', code: isBinary ? 'SYNC_ERR_INVALID_FRAME' : 'SYNC_ERR_FRAME_TOO_LARGE', message: isBinary ? format(SyncErrors.SYNC_ERR_INVALID_FRAME.message, 'binary frames are not accepted') : format(SyncErrors.SYNC_ERR_FRAME_TOO_LARGE.message, data.length, MAX_FRAME_BYTES) });
        return;
      }
      let frame: unknown;
      try { frame = JSON.parse(data.toString('utf8')); } catch { frame = undefined; }
      if (frame === undefined || !checkFrame.Check(frame)) {
        const opId = (frame as { ops?: { opId?: unknown }[] } | undefined)?.ops?.[0]?.opId;
        conn.send({ type: 'nack', opId: typeof opId === 'string' ? opId : null, code: 'SYNC_ERR_INVALID_FRAME', message: format(SyncErrors.SYNC_ERR_INVALID_FRAME.message, frame === undefined ? 'not JSON' : frameProblem(frame)) });
        if (++bad > 20) { socket.close(4400, 'too many invalid frames'); s.hub.disconnect(conn); }
        return;
      }
      // Hellos run one at a time and everything else waits for the one in progress; ops frames then run concurrently
      // (the person's commits are grouped: a burst from one device becomes a few commits, not one per frame).
      const f = frame as ClientFrame;
      const run = () => s.hub.onFrame(conn, f).catch((err) => {
        log.error({ err }, 'sync frame failed');
        const e = err as { code?: string; message?: string };
        conn.send({ type: 'nack', opId: null, code: e.code ?? 'CORE_ERR_INTERNAL', message: e.message ?? 'internal error' });
      });
      if (f.type === 'hello') chain = chain.then(run);
      else void chain.then(run);
    };
    socket.off('message', hold);
    socket.on('message', onMessage);
    socket.on('pong', () => { conn.alive = true; conn.lastSeenAt = new Date(); });
    socket.on('close', () => s.hub.disconnect(conn));
    socket.on('error', (err: Error) => { log.info({ err }, 'sync socket error'); s.hub.disconnect(conn); });
    for (const data of early.splice(0)) onMessage(data);
  });
}
