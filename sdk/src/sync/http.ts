// The plain HTTP calls of the sync API: POST /v1/sync/token, POST /v1/sync/ops, and the URLs of the socket and the
// event stream. Every call classifies its answer and never throws.
import { apiBase } from '../consent-transport.ts';
import { errorMessage, parseRetryAfter, unref } from '../transport.ts';
import type { SyncHttpOutcome } from './types.ts';
import type { PostOpsResult, SyncOp, TokenRequest, TokenResponse } from './wire.ts';

export interface HttpContext {
  endpoint: string;
  key: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Absolute page URL, to resolve a relative endpoint. */
  pageHref?: string;
}

/** URL of a sync route; `ws` turns http(s) into ws(s). Null when no absolute URL can be made for a socket. */
export function syncUrl(ctx: HttpContext, path: string, query: Record<string, string | number | undefined>, ws = false): string | null {
  let url: URL;
  try {
    url = new URL(`${apiBase(ctx.endpoint)}${path}`, ctx.pageHref);
  } catch {
    if (ws) return null;
    // A relative endpoint outside a page (fetch resolves it, or fails and reports).
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return `${apiBase(ctx.endpoint)}${path}?${qs}`;
  }
  if (ws) {
    if (url.protocol === 'https:') url.protocol = 'wss:';
    else if (url.protocol === 'http:') url.protocol = 'ws:';
    else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  }
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

async function call<T>(ctx: HttpContext, path: string, body: unknown, headers: Record<string, string>, accept: (b: unknown) => b is T): Promise<SyncHttpOutcome<T>> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(), ctx.timeoutMs) : undefined;
  unref(timer);
  try {
    const res = await ctx.fetch(`${apiBase(ctx.endpoint)}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.key}`, ...headers },
      body: JSON.stringify(body),
      signal: controller?.signal,
      credentials: 'omit',
    });
    const text = await res.text();
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    if (res.status >= 200 && res.status < 300) {
      return accept(parsed) ? { kind: 'ok', value: parsed } : { kind: 'retry', status: res.status, message: `${path}: unexpected answer ${text.slice(0, 120)}` };
    }
    const err = (parsed && typeof parsed === 'object' ? parsed : {}) as { code?: unknown; message?: unknown };
    const serverCode = typeof err.code === 'string' ? err.code : undefined;
    const message = `${path} ${res.status}${serverCode ? ` ${serverCode}` : ''}: ${typeof err.message === 'string' ? err.message : text.slice(0, 200) || res.statusText}`;
    if (res.status === 429 || res.status === 408 || res.status >= 500) {
      return { kind: 'retry', status: res.status, message, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()) };
    }
    return { kind: 'refused', status: res.status, serverCode, message };
  } catch (err) {
    return { kind: 'retry', message: controller?.signal.aborted ? `${path}: no answer within ${ctx.timeoutMs} ms` : `${path}: network error: ${errorMessage(err)}` };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

const isTokenResponse = (b: unknown): b is TokenResponse => {
  const t = b as Partial<TokenResponse> | undefined;
  return !!t && typeof t.token === 'string' && typeof t.expiresAt === 'string' && typeof t.personKey === 'string';
};
const isPostOpsResult = (b: unknown): b is PostOpsResult => {
  const r = b as Partial<PostOpsResult> | undefined;
  return !!r && typeof r.seq === 'number' && Array.isArray(r.acked) && Array.isArray(r.rejected);
};

export function requestToken(ctx: HttpContext, request: TokenRequest): Promise<SyncHttpOutcome<TokenResponse>> {
  return call(ctx, '/v1/sync/token', request, {}, isTokenResponse);
}

export function postOps(ctx: HttpContext, token: string, ops: SyncOp[]): Promise<SyncHttpOutcome<PostOpsResult>> {
  return call(ctx, '/v1/sync/ops', { ops }, { 'x-sync-token': token }, isPostOpsResult);
}
