// The live channel without a WebSocket: Server-Sent Events (GET /v1/sync/events, read with fetch so it works in
// browsers and Node alike) for server frames, POST /v1/sync/ops for the device's ops, its answer turned into the
// same ack / nack frames the socket would send.
import { errorMessage } from '../transport.ts';
import { postOps, syncUrl, type HttpContext } from './http.ts';
import type { SyncCloseInfo, SyncConnection, SyncConnectionEvents, SyncConnectParams } from './types.ts';
import type { ClientFrame, HelloFrame, ServerFrame, SyncOp } from './wire.ts';

/** HTTP status of a refused stream or POST → the close code the socket would have used. */
export function closeCodeOf(status: number): number {
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 429) return 4000 + status;
  return status >= 500 ? 1011 : 1006;
}

/** Incremental text/event-stream parser (WHATWG): calls `onEvent(type, data)` per dispatched event. */
export function sseParser(onEvent: (type: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let type = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(buffer);
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (!m || (m[0] === '\r' && m.index === buffer.length - 1)) return;
      const line = buffer.slice(0, m.index);
      buffer = buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (data.length) onEvent(type || 'message', data.join('\n'));
        type = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
  };
}

export class SseConnection implements SyncConnection {
  readonly transport = 'sse' as const;
  #controller: AbortController | null = null;
  #gen = 0;
  #opened = false;
  #done = false;
  #posting: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: HttpContext, private readonly params: SyncConnectParams, private readonly events: SyncConnectionEvents) {
    void this.#stream(params.hello);
  }

  send(frame: ClientFrame): void {
    if (this.#done) return;
    if (frame.type === 'ops') {
      const ops = frame.ops;
      this.#posting = this.#posting.then(() => this.#post(ops));
    } else if (frame.type === 'hello') {
      void this.#stream(frame); // resume from there (a gap)
    }
    // seen, digest, ping: no HTTP route; the server learns progress from the stream itself.
  }

  close(): void {
    this.#done = true;
    this.#controller?.abort();
  }

  /** (Re)opens the event stream; the hello's lastSeq and personKey go in the query. */
  async #stream(hello: HelloFrame): Promise<void> {
    const gen = ++this.#gen;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const live = () => gen === this.#gen && !this.#done;
    const url = syncUrl(this.ctx, '/v1/sync/events', { key: this.ctx.key, token: this.params.token, lastSeq: hello.lastSeq, personKey: hello.lastSeq !== undefined ? hello.personKey : undefined })!;
    let res: Response;
    try {
      res = await this.ctx.fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal, credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      if (live()) this.#end({ code: 1006, reason: `event stream: ${errorMessage(err)}`, opened: this.#opened });
      return;
    }
    if (!live()) return;
    if (res.status !== 200 || !res.body) {
      const text = await res.text().catch(() => '');
      let code: string | undefined;
      try { code = (JSON.parse(text) as { code?: string }).code; } catch { /* not JSON */ }
      if (live()) this.#end({ code: closeCodeOf(res.status), reason: `event stream ${res.status}${code ? ` ${code}` : ''}`, opened: this.#opened });
      return;
    }
    if (!this.#opened) {
      this.#opened = true;
      this.events.onOpen();
      if (!live()) return;
    }
    const feed = sseParser((_type, data) => {
      if (!live()) return;
      let frame: ServerFrame;
      try { frame = JSON.parse(data) as ServerFrame; } catch { return; }
      if (frame && typeof frame === 'object' && typeof frame.type === 'string') this.events.onFrame(frame);
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (!live()) break;
        if (done) {
          this.#end({ code: 1006, reason: 'event stream ended', opened: true });
          break;
        }
        feed(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      if (live()) this.#end({ code: 1006, reason: `event stream: ${errorMessage(err)}`, opened: true });
    } finally {
      if (!live()) reader.cancel().catch(() => undefined);
    }
  }

  async #post(ops: SyncOp[]): Promise<void> {
    if (this.#done) return;
    const outcome = await postOps(this.ctx, this.params.token, ops);
    if (this.#done) return;
    if (outcome.kind === 'ok') {
      const { seq, acked, rejected } = outcome.value;
      if (acked.length) this.events.onFrame({ type: 'ack', opIds: acked, seq });
      for (const r of rejected) this.events.onFrame({ type: 'nack', opId: r.opId, code: r.code, message: r.message });
      return;
    }
    if (outcome.kind === 'retry') {
      if (outcome.status === 429) {
        for (const op of ops) this.events.onFrame({ type: 'nack', opId: op.opId, code: 'SYNC_ERR_RATE_LIMITED', message: outcome.message, retryAfterMs: outcome.retryAfterMs ?? 1000 });
        return;
      }
      // Not known to be stored: the client reconnects and sends its pending ops again (the server dedupes by opId).
      this.#end({ code: outcome.status ? closeCodeOf(outcome.status) : 1006, reason: outcome.message, opened: true });
      return;
    }
    if ([401, 403, 404].includes(outcome.status)) {
      this.#end({ code: closeCodeOf(outcome.status), reason: outcome.message, opened: true });
      return;
    }
    if (ops.length > 1) {
      // The body as a whole was refused (one bad op fails the schema of all): find it by halves.
      const half = Math.ceil(ops.length / 2);
      await this.#post(ops.slice(0, half));
      await this.#post(ops.slice(half));
      return;
    }
    for (const op of ops) this.events.onFrame({ type: 'nack', opId: op.opId, code: outcome.serverCode ?? 'SYNC_ERR_INVALID_OP', message: outcome.message });
  }

  #end(info: SyncCloseInfo): void {
    if (this.#done) return;
    this.#done = true;
    this.#controller?.abort();
    this.events.onClose(info);
  }
}
