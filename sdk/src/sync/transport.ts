// The default sync transport: the token and ops calls over HTTP, and a live connection that is a WebSocket when one
// exists and opens, else Server-Sent Events + POST. After a socket failed to open, the next connections go straight
// to SSE for a while (a proxy that blocks WebSockets keeps blocking them), then the socket is tried again.
import type { WebSocketConstructor } from '../types.ts';
import { postOps, requestToken, syncUrl, type HttpContext } from './http.ts';
import { SseConnection } from './sse-connection.ts';
import type { SyncConnection, SyncConnectionEvents, SyncTransport, SyncTransportKind } from './types.ts';
import type { ClientFrame } from './wire.ts';
import { WsConnection } from './ws-connection.ts';

/** How long SSE is used without trying the socket again after it failed to open. */
const SSE_AFTER_WS_FAILURE_MS = 5 * 60_000;

export interface HttpTransportOptions extends HttpContext {
  WebSocket?: WebSocketConstructor;
  mode?: 'auto' | 'sse';
  openTimeoutMs: number;
}

export function createHttpTransport(opts: HttpTransportOptions): SyncTransport {
  let sseUntil = 0;
  return {
    token: (request) => requestToken(opts, request),
    postOps: (token, ops) => postOps(opts, token, ops),
    connect(params, events) {
      const WS = opts.WebSocket;
      const url = WS ? syncUrl(opts, '/v1/sync/socket', { key: opts.key, token: params.token }, true) : null;
      if (opts.mode === 'sse' || !WS || !url || Date.now() < sseUntil) return new SseConnection(opts, params, events);
      return new FallbackConnection(events, (ev) => new WsConnection(WS, url, params.hello, ev, opts.openTimeoutMs), (ev) => {
        sseUntil = Date.now() + SSE_AFTER_WS_FAILURE_MS;
        return new SseConnection(opts, params, ev);
      });
    },
  };
}

/** A WebSocket that, if it fails before opening (not a refusal by the server), is replaced by an SSE connection. */
class FallbackConnection implements SyncConnection {
  #inner: SyncConnection;

  constructor(
    events: SyncConnectionEvents,
    ws: (events: SyncConnectionEvents) => SyncConnection,
    private readonly sse: (events: SyncConnectionEvents) => SyncConnection,
  ) {
    this.#inner = ws({
      onOpen: () => events.onOpen(),
      onFrame: (f) => events.onFrame(f),
      onClose: (info) => {
        // 44xx: the server answered (bad token, disabled plugin …): SSE would be refused the same way.
        if (!info.opened && (info.code < 4000 || info.code >= 5000)) this.#inner = this.sse(events);
        else events.onClose(info);
      },
    });
  }

  get transport(): SyncTransportKind {
    return this.#inner.transport;
  }

  send(frame: ClientFrame): void {
    this.#inner.send(frame);
  }

  close(): void {
    this.#inner.close();
  }
}
