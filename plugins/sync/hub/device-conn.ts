import type { ServerFrame } from '../protocol/frames.ts';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_FRAMES } from '../constants.ts';
import type { Commit } from '../services/store.ts';
import { TokenBucket } from './token-bucket.ts';

/** Where a device's frames go: a WebSocket or a Server-Sent-Events response. */
export interface FrameSink {
  readonly transport: 'ws' | 'sse';
  /** Writes one frame; false when the transport's buffer is full (the device is not reading). */
  send(json: string, type: ServerFrame['type']): boolean;
  /** Bytes queued but not yet written to the network. */
  buffered(): number;
  close(code: number, reason: string): void;
  ping(): void;
}

export interface DeviceIdentity {
  tenantId: string;
  keyId: string;
  anonymousId: string;
  userId: string | null;
  deviceId: string;
  channel: string | null;
}

/**
 * One connected device. Frames go straight to the transport while it keeps up; when it does not (its buffer passes
 * MAX_BUFFERED_BYTES or MAX_QUEUED_FRAMES frames wait), the device is marked slow: every frame for it is dropped —
 * memory stays bounded — and once its buffer drained it gets one snapshot instead (a counted resync).
 */
export class DeviceConn {
  personKey: string;
  /** Last commit sent to the device; -1 until its hello was answered (commits arriving meanwhile wait in `early`). */
  sentSeq = -1;
  early: Commit[] = [];
  slow = false;
  alive = true;
  closed = false;
  readonly connectedAt = new Date();
  lastSeenAt = new Date();
  /** Newest commit the device said it applied (`seen`). */
  seenSeq = 0;
  lastDigestAt: Date | null = null;
  inSync: boolean | null = null;
  lastOp: { opId: string; kind: string; at: Date } | null = null;
  /** Commits sent and not yet confirmed by `seen` (convergence). */
  awaiting: number[] = [];
  presenceTimer: NodeJS.Timeout | null = null;
  /** When this device's presence entry was last written (ms; the heartbeat rewrites old ones). */
  presenceAt = 0;
  readonly bucket: TokenBucket;
  #queued = 0;

  constructor(readonly sink: FrameSink, readonly id: DeviceIdentity, personKey: string, opsPerSecond: number) {
    this.personKey = personKey;
    this.bucket = new TokenBucket(opsPerSecond);
  }

  get tenantId(): string {
    return this.id.tenantId;
  }

  /** Sends a frame; false when dropped (slow device or closed). */
  send(frame: ServerFrame): boolean {
    if (this.closed || this.slow) return false;
    if (this.sink.buffered() > MAX_BUFFERED_BYTES || this.#queued >= MAX_QUEUED_FRAMES) {
      this.slow = true;
      return false;
    }
    const ok = this.sink.send(JSON.stringify(frame), frame.type);
    if (!ok) this.#queued++;
    else this.#queued = 0;
    return true;
  }

  /** A slow device whose transport caught up can be resynced. */
  drained(): boolean {
    return this.slow && !this.closed && this.sink.buffered() === 0;
  }

  recover(): void {
    this.slow = false;
    this.#queued = 0;
  }
}
