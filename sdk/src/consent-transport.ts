import { errorMessage, unref } from './transport.ts';
import type { ApiErrorBody } from './types.ts';

export type JsonOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  /** Network error, timeout, 5xx, 429, 408: the server may take it later. */
  | { kind: 'retry'; status?: number; serverCode?: string; message: string; cause?: unknown }
  /** A refusal (400, 401, 403, 404 …): sending it again changes nothing. */
  | { kind: 'drop'; status: number; serverCode?: string; message: string };

export interface JsonRequest {
  url: string;
  key: string;
  fetch: typeof fetch;
  timeoutMs: number;
  method: 'GET' | 'POST';
  body?: unknown;
}

/** One JSON call of the consent API with the key as a Bearer token; classifies the answer. Never throws. */
export async function requestJson(req: JsonRequest): Promise<JsonOutcome> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(), req.timeoutMs) : undefined;
  unref(timer);
  try {
    const res = await req.fetch(req.url, {
      method: req.method,
      headers: { authorization: `Bearer ${req.key}`, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      signal: controller?.signal,
      credentials: 'omit',
    });
    const text = await res.text();
    let body: unknown;
    try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
    if (res.status >= 200 && res.status < 300) return { kind: 'ok', status: res.status, body };
    const err = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
    const serverCode = typeof err.code === 'string' ? err.code : undefined;
    const message = `${res.status}${serverCode ? ` ${serverCode}` : ''}: ${typeof err.message === 'string' ? err.message : text.slice(0, 200) || res.statusText}`;
    if (res.status === 429 || res.status === 408 || res.status >= 500) return { kind: 'retry', status: res.status, serverCode, message };
    return { kind: 'drop', status: res.status, serverCode, message };
  } catch (err) {
    return { kind: 'retry', message: controller?.signal.aborted ? `no answer within ${req.timeoutMs} ms` : `network error: ${errorMessage(err)}`, cause: err };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The API base of an endpoint option (`https://api.example.com`, or one that already names /v1/events). */
export function apiBase(endpoint: string): string {
  return endpoint.replace(/\/+$/, '').replace(/\/v1\/events$/, '');
}

/** ws(s)://… of a path on the API; relative endpoints resolve against the page. Null when no absolute URL can be made. */
export function socketUrl(endpoint: string, path: string, query: Record<string, string | undefined>, pageHref?: string): string | null {
  let url: URL;
  try {
    url = new URL(`${apiBase(endpoint)}${path}`, pageHref);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
