import type { ApiErrorBody, IngestResponse, LockstepEvent, Rejection } from './types.ts';

export type SendOutcome =
  /** 2xx: per-event answers (rejected ones are dropped by the caller). */
  | { kind: 'ok'; status: number; rejected: Rejection[] }
  /** Network error, timeout, 5xx, 429, 408: try again later. */
  | { kind: 'retry'; status?: number; serverCode?: string; retryAfterMs?: number; message: string; cause?: unknown }
  /** The batch is too big for the server (413, EVENTS_ERR_BATCH_TOO_LONG): send smaller batches. */
  | { kind: 'split'; status: number; serverCode?: string; serverMax?: number; message: string }
  /** Any other refusal of the whole batch (400, 401, 403, 404 …): drop it. */
  | { kind: 'drop'; status: number; serverCode?: string; message: string };

export interface TransportOptions {
  url: string;
  key: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** POST /v1/events with the key as a Bearer token; classifies the answer. Never throws. */
export async function sendBatch(opts: TransportOptions, events: readonly LockstepEvent[]): Promise<SendOutcome> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(), opts.timeoutMs) : undefined;
  unref(timer);
  let res: Response;
  try {
    res = await opts.fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.key}` },
      body: JSON.stringify({ events }),
      signal: controller?.signal,
      // No cookies: the key authenticates, so a plain `Access-Control-Allow-Origin` is enough cross-origin.
      credentials: 'omit',
    });
  } catch (err) {
    if (timer !== undefined) clearTimeout(timer);
    const timedOut = controller?.signal.aborted;
    return { kind: 'retry', message: timedOut ? `no answer within ${opts.timeoutMs} ms` : `network error: ${errorMessage(err)}`, cause: err };
  }
  let text = '';
  try {
    text = await res.text();
  } catch (err) {
    if (timer !== undefined) clearTimeout(timer);
    // The connection broke while reading the answer: we cannot know what was stored; resending is safe (idempotent).
    return { kind: 'retry', status: res.status, message: `network error reading the answer: ${errorMessage(err)}`, cause: err };
  }
  if (timer !== undefined) clearTimeout(timer);
  const body = parseJson(text);
  const status = res.status;

  if (status >= 200 && status < 300) {
    const r = body as Partial<IngestResponse> | undefined;
    const rejected = Array.isArray(r?.rejected) ? r!.rejected.filter(isRejection) : [];
    return { kind: 'ok', status, rejected };
  }
  const err = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  const serverCode = typeof err.code === 'string' ? err.code : undefined;
  const message = `${status}${serverCode ? ` ${serverCode}` : ''}: ${typeof err.message === 'string' ? err.message : text.slice(0, 200) || res.statusText}`;
  if (status === 429 || status >= 500 || status === 408) {
    return { kind: 'retry', status, serverCode, message, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()) };
  }
  if (status === 413 || serverCode === 'EVENTS_ERR_BATCH_TOO_LONG') {
    const details = err.details as { max?: unknown } | undefined;
    const serverMax = typeof details?.max === 'number' && details.max >= 1 ? details.max : undefined;
    return { kind: 'split', status, serverCode, serverMax, message };
  }
  return { kind: 'drop', status, serverCode, message };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse would take "-5" as a year.
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function isRejection(x: unknown): x is Rejection {
  return !!x && typeof x === 'object' && typeof (x as Rejection).index === 'number';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

/** Timers never keep a Node process alive (call shutdown() to deliver before exit); no-op in browsers. */
export function unref(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}
