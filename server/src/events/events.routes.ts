import type { FastifyInstance } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';
import { Type } from 'typebox';
import { coreError } from '../errors/app-error.ts';
import { errors } from '../schemas/common.ts';
import { eventError } from './errors.ts';
import { IngestBody, IngestResult } from './event.schema.ts';
import type { IngestService } from './ingest.service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-route options merged over the global @fastify/cors options (read by its onRequest hook). */
    cors?: FastifyCorsOptions | false;
  }
}

/**
 * Storefronts send events from any origin with a publishable key, which is public by design: the key, not the
 * origin, authenticates, and no cookie is ever needed. So this route answers CORS for every origin without
 * credentials, whatever CORS_ORIGINS allows for the console. Retry-After is exposed so the SDK can honour it.
 */
const EVENTS_CORS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: ['POST'],
  allowedHeaders: ['authorization', 'content-type'],
  exposedHeaders: ['retry-after', 'x-request-id'],
  maxAge: 600,
};

const IngestQuery = Type.Object({
  key: Type.Optional(Type.String({
    maxLength: 200,
    description: 'Publishable key (pk_…) for navigator.sendBeacon, which cannot set headers. Secret keys are refused here (400 CORE_ERR_SECRET_KEY_IN_URL).',
  })),
});

/**
 * POST /v1/events: batched, idempotent, per-event answers (docs/events.md).
 *
 * Registered encapsulated (not through fastify-plugin), so the text/plain parser below exists in this context only:
 * sendBeacon posts `text/plain` (a CORS "simple request", no preflight) carrying the JSON batch; every other route
 * keeps answering 415 to text/plain.
 */
export async function eventRoutes(app: FastifyInstance, opts: { service: IngestService; maxBatch: number }): Promise<void> {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  // An explicit preflight route, so the per-route CORS options apply to it (the global `OPTIONS *` would not).
  app.options('/v1/events', { config: { public: true, cors: EVENTS_CORS }, schema: { hide: true } }, async (_request, reply) => reply.code(204).send());

  app.post('/v1/events', {
    config: { access: { action: 'create', subject: 'Event' }, publishable: true, keyInQuery: true, cors: EVENTS_CORS },
    schema: {
      tags: ['events'],
      summary: 'Send a batch of shopper events (publishable or secret key)',
      description: 'Authorization: Bearer <key>, or ?key=<publishable key> for sendBeacon. The body is JSON, sent as application/json or text/plain.',
      querystring: IngestQuery,
      consumes: ['application/json', 'text/plain'],
      body: IngestBody,
      response: { 200: IngestResult, ...errors(400, 401, 403, 413, 415, 429, 503) },
    },
  }, async (request) => {
    const p = request.principal;
    if (!p || p.kind !== 'apiKey') throw coreError('CORE_ERR_FORBIDDEN', ['events are sent with a publishable or secret API key']);
    const { events } = request.body as { events: unknown[] };
    if (events.length > opts.maxBatch) throw eventError('EVENTS_ERR_BATCH_TOO_LONG', [opts.maxBatch, events.length], { max: opts.maxBatch, got: events.length });
    return opts.service.ingest({ tenantId: p.tenantId, keyId: p.keyId }, events);
  });
}
