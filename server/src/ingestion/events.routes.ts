import type { FastifyInstance } from 'fastify';
import { coreError } from '../errors/app-error.ts';
import { errors } from '../schemas/common.ts';
import { eventError } from './errors.ts';
import { IngestBody, IngestResult } from './event.schema.ts';
import type { IngestService } from './ingest.service.ts';

/** POST /v1/events: batched, idempotent, per-event answers (docs/events.md). */
export async function eventRoutes(app: FastifyInstance, opts: { service: IngestService; maxBatch: number }): Promise<void> {
  app.post('/v1/events', {
    config: { access: { action: 'create', subject: 'Event' }, publishable: true },
    schema: {
      tags: ['events'], summary: 'Send a batch of shopper events (publishable or secret key)', body: IngestBody,
      response: { 200: IngestResult, ...errors(400, 401, 403, 413, 429, 503) },
    },
  }, async (request) => {
    const p = request.principal;
    if (!p || p.kind !== 'apiKey') throw coreError('CORE_ERR_FORBIDDEN', ['events are sent with a publishable or secret API key']);
    const { events } = request.body as { events: unknown[] };
    if (events.length > opts.maxBatch) throw eventError('EVENTS_ERR_BATCH_TOO_LONG', [opts.maxBatch, events.length], { max: opts.maxBatch, got: events.length });
    return opts.service.ingest({ tenantId: p.tenantId, keyId: p.keyId }, events);
  });
}
