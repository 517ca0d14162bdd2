import { useCallback, useEffect, useRef, useState } from 'react';
import { appendLive } from './liveBuffer';
import { reconnectDelay, streamUrl } from './streamFilter';
import type { EventSummary, StreamFilter, StreamMessage } from './types';

export type StreamStatus = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'ended';

export interface EventStream {
  status: StreamStatus;
  events: EventSummary[];
  /** Events the server dropped because this page read too slowly (sum of `lag` messages). */
  dropped: number;
  /** The last error frame the server sent (a bad filter). */
  error: string | null;
  pause(): void;
  resume(): void;
  clear(): void;
}

/** Close code the server uses when the session ended (logout, role change): no reconnect. */
const SESSION_ENDED = 4401;

/**
 * The live event stream of `GET /api/events/stream` (session cookie, same origin): connects, sends `filter`
 * whenever it changes (without reconnecting), keeps the newest events, reconnects with backoff after a drop.
 * While paused, pushed events are not added.
 */
export function useEventStream(filter: StreamFilter, enabled = true): EventStream {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [events, setEvents] = useState<EventSummary[]>([]);
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const pausedRef = useRef(false);
  const filterText = JSON.stringify(filter);
  const filterRef = useRef(filterText);
  filterRef.current = filterText;

  useEffect(() => {
    if (!enabled) return undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      const ws = new WebSocket(streamUrl(window.location));
      socketRef.current = ws;
      ws.onopen = () => {
        attempt = 0;
        ws.send(JSON.stringify({ filter: JSON.parse(filterRef.current) }));
      };
      ws.onmessage = (message) => {
        let m: StreamMessage;
        try {
          m = JSON.parse(String(message.data)) as StreamMessage;
        } catch {
          return;
        }
        if (m.type === 'ready') {
          setError(null);
          setStatus(pausedRef.current ? 'paused' : 'live');
        } else if (m.type === 'events') {
          if (!pausedRef.current) setEvents((current) => appendLive(current, m.events));
        } else if (m.type === 'lag') {
          setDropped((n) => n + m.dropped);
        } else if (m.type === 'error') {
          setError(m.message);
        }
      };
      ws.onclose = (event) => {
        if (socketRef.current === ws) socketRef.current = null;
        if (stopped) return;
        if (event.code === SESSION_ENDED) return setStatus('ended');
        setStatus('reconnecting');
        timer = setTimeout(connect, reconnectDelay(attempt++));
      };
    };
    setStatus('connecting');
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socketRef.current?.close(1000);
      socketRef.current = null;
    };
  }, [enabled]);

  // A new filter replaces the old one on the open socket; the rows on screen start over so they match it.
  useEffect(() => {
    setEvents([]);
    const ws = socketRef.current;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ filter: JSON.parse(filterText) }));
  }, [filterText]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setStatus((s) => (s === 'live' ? 'paused' : s));
  }, []);
  const resume = useCallback(() => {
    pausedRef.current = false;
    setStatus((s) => (s === 'paused' ? 'live' : s));
  }, []);
  const clear = useCallback(() => {
    setEvents([]);
    setDropped(0);
  }, []);
  return { status, events, dropped, error, pause, resume, clear };
}
