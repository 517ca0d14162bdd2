import type { FastifyInstance } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { errors } from '../../../server/src/schemas/common.ts';
import { declaredOf, publicState, requireDeclared } from './consent-http.ts';
import { ConsentHub, DeviceSubscriber, type DeviceIds } from './consent-socket-hub.ts';
import { DeviceQuery, KeyQuery, PublicPurposesResult, PublicRecordBody, PublicRecordResult, PublicStateSchema } from './consent.schema.ts';
import { purposeDefault } from './purposes.ts';

/**
 * Storefronts call these from any origin with a publishable key (public by design: the key, not the origin,
 * authenticates; no cookie is ever involved), as POST /v1/events does.
 */
const CONSENT_CORS: FastifyCorsOptions = {
  origin: '*', credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'], exposedHeaders: ['retry-after', 'x-request-id'], maxAge: 600,
};

const tags = ['consent'];

function apiKeyOf(request: { principal: { kind: string; keyId?: string; tenantId: string } | null }): { tenantId: string; keyId: string } {
  const p = request.principal;
  if (!p || p.kind !== 'apiKey' || !p.keyId) throw coreError('CORE_ERR_FORBIDDEN', ['consent is read and recorded with a publishable or secret API key']);
  return { tenantId: p.tenantId, keyId: p.keyId };
}

/**
 * The shopper-facing consent API (`/v1/consent…`, publishable key), for the SDK and consent banners:
 * - `GET /v1/consent/purposes`: the tenant's purposes with their current text (for the banner);
 * - `GET /v1/consent?anonymousId=&userId=`: the person's choices as seen from this device;
 * - `POST /v1/consent`: record choices (proof: request id, key, user-agent digest, text version);
 * - `GET /v1/consent/socket?key=&anonymousId=&userId=` (WebSocket): `{type:'consent', purposes, records}` on connect
 *   and after every change of the person's consent, whichever device or channel made it.
 * Registered by the core app (plugin routes live under /api/plugins/<name>; these are the public /v1 surface).
 */
export async function consentPublicRoutes(app: FastifyInstance): Promise<void> {
  const { privacy, bus } = app.lockstep;
  const purposeNames = () => declaredOf(app).map((d) => d.purpose);
  const hub = new ConsentHub({
    bus,
    snapshot: async (tenantId, sub) => publicState(await privacy.consent.state(tenantId, { ...sub.ids, personId: sub.personId }, purposeNames())),
    personOf: async (tenantId, ids: DeviceIds) => (await privacy.consent.resolve(tenantId, [ids]))[0]?.personId ?? null,
    onError: (err) => app.log.error({ err }, 'consent socket push failed'),
  });
  hub.start();
  app.addHook('preClose', async () => hub.stop());

  for (const url of ['/v1/consent', '/v1/consent/purposes']) {
    app.options(url, { config: { public: true, cors: CONSENT_CORS }, schema: { hide: true } }, async (_request, reply) => reply.code(204).send());
  }

  app.get('/v1/consent/purposes', {
    config: { access: { action: 'read', subject: 'ConsentPurpose' }, publishable: true, keyInQuery: true, cors: CONSENT_CORS },
    schema: { tags, summary: 'The tenant\'s purposes and their current consent text (for a consent banner)', querystring: KeyQuery, response: { 200: PublicPurposesResult, ...errors(400, 401, 403, 429) } },
  }, async (request) => {
    const { tenantId } = apiKeyOf(request);
    const views = await privacy.consent.purposes.list(tenantId, declaredOf(app));
    return { purposes: views.map((v) => ({ purpose: v.purpose, title: v.current.title, description: v.current.description, text: v.current.text, version: v.current.version, textHash: v.current.textHash, default: purposeDefault(v.purpose) })) };
  });

  app.get('/v1/consent', {
    config: { access: { action: 'read', subject: 'ConsentRecord' }, publishable: true, keyInQuery: true, cors: CONSENT_CORS },
    schema: { tags, summary: 'The consent of this device\'s person, per purpose', querystring: DeviceQuery, response: { 200: PublicStateSchema, ...errors(400, 401, 403, 429) } },
  }, async (request) => {
    const { tenantId } = apiKeyOf(request);
    const { anonymousId, userId } = request.query as { anonymousId: string; userId?: string };
    return publicState(await privacy.consent.state(tenantId, { anonymousId, userId: userId ?? null }, purposeNames()));
  });

  app.post('/v1/consent', {
    config: { access: { action: 'create', subject: 'ConsentRecord' }, publishable: true, cors: CONSENT_CORS },
    schema: { tags, summary: 'Record consent choices given on this device; every device of the person is told', body: PublicRecordBody, response: { 200: PublicRecordResult, ...errors(400, 401, 403, 413, 415, 429) } },
  }, async (request) => {
    const { tenantId, keyId } = apiKeyOf(request);
    const body = request.body as { anonymousId: string; userId?: string; deviceId?: string; purposes: Record<string, boolean>; versions?: Record<string, number>; channel?: string; device?: { screen?: string } };
    requireDeclared(declaredOf(app), [...Object.keys(body.purposes), ...Object.keys(body.versions ?? {})]);
    const subject = { anonymousId: body.anonymousId, userId: body.userId ?? null, deviceId: body.deviceId ?? null };
    const result = await privacy.consent.record(tenantId, {
      subject, choices: body.purposes, versions: body.versions, source: 'sdk', channel: body.channel ?? null,
      device: { anonymousId: body.anonymousId, deviceId: body.deviceId ?? null, screen: body.device?.screen ?? null },
      proof: { requestId: request.id, keyId, userAgent: request.headers['user-agent'] ?? null },
    });
    const state = publicState(await privacy.consent.state(tenantId, subject, purposeNames()));
    return { changed: result.changed, unchanged: result.unchanged, stale: result.stale, ...state };
  });

  app.get('/v1/consent/socket', {
    websocket: true,
    config: { access: { action: 'read', subject: 'ConsentRecord' }, publishable: true, keyInQuery: true },
    schema: { tags, summary: 'Live consent of this device\'s person (WebSocket; ?key=<publishable key>)', querystring: DeviceQuery },
  }, (socket, request) => {
    const { tenantId, keyId } = apiKeyOf(request);
    const { anonymousId, userId } = request.query as { anonymousId: string; userId?: string };
    const sub = new DeviceSubscriber(socket, tenantId, { anonymousId, userId: userId ?? null }, keyId);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      let msg: unknown = null;
      try { msg = isBinary ? null : JSON.parse(data.toString('utf8')); } catch { /* answered below */ }
      if (msg && typeof msg === 'object' && (msg as { type?: unknown }).type === 'refresh') return void hub.push(sub, 'refresh');
      sub.send({ type: 'error', code: 'CORE_ERR_VALIDATION', message: 'expected {"type":"refresh"}; consent changes are sent with POST /v1/consent' });
    });
    socket.on('pong', () => { sub.alive = true; });
    socket.on('close', () => hub.remove(sub));
    socket.on('error', (err: Error) => { request.log.info({ err }, 'consent socket error'); hub.remove(sub); });
    void hub.add(sub);
  });
}
