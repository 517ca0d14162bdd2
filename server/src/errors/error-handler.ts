import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '@casl/ability';
import mongoose from 'mongoose';
import { AppError, coreError } from './app-error.ts';

export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** One entry per field: keeps the most specific message (drops anyOf/const noise from unions). */
function dedupe<T extends { field: string; keyword?: string }>(details: T[]): T[] {
  const byField = new Map<string, T>();
  for (const d of details) {
    const prev = byField.get(d.field);
    if (!prev || (prev.keyword === 'const' || prev.keyword === 'anyOf')) byField.set(d.field, d);
  }
  return [...byField.values()];
}

/** Maps anything thrown in a request to the one error shape. */
export function toAppError(err: unknown, bodyLimit?: number, contentType?: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ForbiddenError) return coreError('CORE_ERR_FORBIDDEN', [err.message], { action: err.action, subject: err.subjectType });
  const e = err as FastifyError & { validation?: { instancePath?: string; message?: string; keyword?: string; params?: unknown }[]; validationContext?: string };
  if (e?.validation) {
    const where = e.validationContext ?? 'body';
    const details = e.validation.map((v) => ({
      field: `${where}${(v.instancePath ?? '').replace(/\//g, '.')}${v.keyword === 'required' ? `.${(v.params as { missingProperty?: string }).missingProperty}` : ''}`,
      message: v.keyword === 'enum' ? `must be one of: ${((v.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}` : (v.message ?? 'is invalid'),
      keyword: v.keyword,
    }));
    return coreError('CORE_ERR_VALIDATION', [dedupe(details).map((d) => `${d.field} ${d.message}`).join('; ')], dedupe(details));
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return coreError('CORE_ERR_BODY_TOO_LARGE', [bodyLimit ?? 'the configured number of']);
  // Fastify's message names no type: name the one the client sent.
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return coreError('CORE_ERR_UNSUPPORTED_MEDIA_TYPE', [JSON.stringify(contentType?.split(';')[0].trim().slice(0, 100) || 'none')]);
  if (e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return coreError('CORE_ERR_INVALID_JSON', ['the body is empty']);
  if (e?.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return coreError('CORE_ERR_VALIDATION', ['Content-Length does not match the body']);
  if (e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e instanceof SyntaxError && (e as FastifyError).statusCode === 400)) return coreError('CORE_ERR_INVALID_JSON', [e.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'$/, 'it could not be parsed')]);
  if (e instanceof mongoose.Error.CastError) return coreError('CORE_ERR_INVALID_ID', [String(e.value)], { field: e.path });
  if (e instanceof mongoose.Error.ValidationError) {
    const details = Object.values(e.errors).map((x) => ({ field: `body.${x.path}`, message: x.message }));
    return coreError('CORE_ERR_VALIDATION', [details.map((d) => `${d.field} ${d.message}`).join('; ')], details);
  }
  if ((e as { code?: unknown })?.code === 11000) {
    // MongoDB names the index (keyPattern); FerretDB does not, so define-model attaches the schema's unique fields.
    const x = e as unknown as { keyPattern?: object; uniqueFields?: string[] };
    const fields = x.keyPattern ? Object.keys(x.keyPattern).filter((k) => k !== 'tenantId') : (x.uniqueFields ?? []);
    return coreError('CORE_ERR_DUPLICATE', [fields.join(' / ') || 'unique key'], { fields });
  }
  if (e?.statusCode === 429) return coreError('CORE_ERR_RATE_LIMITED', [e.message]);
  if (e?.statusCode === 404 && e.code === 'FST_ERR_NOT_FOUND') return coreError('CORE_ERR_ROUTE_NOT_FOUND', ['']);
  return coreError('CORE_ERR_INTERNAL');
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    statusCode: err.statusCode,
    code: err.code,
    error: STATUS_TEXT[err.statusCode] ?? 'Error',
    message: err.message,
    requestId,
  };
  if (err.details !== undefined) body.details = err.details;
  return body;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err, request.routeOptions.bodyLimit, request.headers['content-type']);
    if (appErr.code === 'CORE_ERR_INTERNAL') request.log.error({ err }, 'unhandled error');
    else request.log[appErr.logLevel]({ code: appErr.code, statusCode: appErr.statusCode }, appErr.message);
    if (appErr.code === 'CORE_ERR_RATE_LIMITED' && (err as { headers?: Record<string, string> }).headers) {
      reply.headers((err as { headers: Record<string, string> }).headers);
    }
    return reply.status(appErr.statusCode).type('application/json').send(errorBody(appErr, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const appErr = coreError('CORE_ERR_ROUTE_NOT_FOUND', [`${request.method} ${request.url.split('?')[0]}`]);
    return reply.status(404).send(errorBody(appErr, request.id));
  });
}
