// The live channel over a WebSocket: hello on open, JSON frames both ways.
import { unref } from '../transport.ts';
import type { WebSocketConstructor, WebSocketLike } from '../types.ts';
import type { SyncConnection, SyncConnectionEvents } from './types.ts';
import type { ClientFrame, HelloFrame, ServerFrame } from './wire.ts';

const OPEN = 1;
/** Code reported when the socket could not even be made or did not open in time. */
export const CLOSE_FAILED_TO_OPEN = 1006;

export class WsConnection implements SyncConnection {
  readonly transport = 'ws' as const;
  #ws: WebSocketLike | null = null;
  #opened = false;
  #done = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(WS: WebSocketConstructor, url: string, hello: HelloFrame, private readonly events: SyncConnectionEvents, openTimeoutMs: number) {
    let ws: WebSocketLike;
    try {
      ws = new WS(url);
    } catch (err) {
      // Report asynchronously: the caller has not stored this connection yet.
      queueMicrotask(() => this.#end({ code: CLOSE_FAILED_TO_OPEN, reason: `WebSocket could not be created: ${String(err)}`, opened: false }));
      return;
    }
    this.#ws = ws;
    this.#timer = setTimeout(() => {
      if (this.#opened) return;
      this.#drop();
      this.#end({ code: CLOSE_FAILED_TO_OPEN, reason: `WebSocket did not open within ${openTimeoutMs} ms`, opened: false });
    }, openTimeoutMs);
    unref(this.#timer);
    ws.onopen = () => {
      if (this.#done) return;
      this.#opened = true;
      clearTimeout(this.#timer);
      this.send(hello);
      this.events.onOpen();
    };
    ws.onmessage = (ev) => {
      if (this.#done) return;
      let frame: ServerFrame;
      try { frame = JSON.parse(String(ev.data)) as ServerFrame; } catch { return; }
      if (frame && typeof frame === 'object' && typeof frame.type === 'string') this.events.onFrame(frame);
    };
    ws.onerror = () => undefined; // a close follows
    ws.onclose = (ev) => {
      this.#ws = null;
      this.#end({ code: ev.code, reason: ev.reason ?? '', opened: this.#opened });
    };
  }

  send(frame: ClientFrame): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // closing: the close handler reports it
    }
  }

  close(): void {
    this.#done = true;
    clearTimeout(this.#timer);
    this.#drop();
  }

  #drop(): void {
    const ws = this.#ws;
    this.#ws = null;
    if (!ws) return;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    try { ws.close(1000, 'client closed'); } catch { /* not open yet or already closed */ }
  }

  #end(info: { code: number; reason: string; opened: boolean }): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.events.onClose(info);
  }
}
