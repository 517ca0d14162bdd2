import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export interface BusEvent<T = unknown> {
  topic: string;
  tenantId: string;
  payload: T;
  /** Instance that published it. */
  origin: string;
  at: string;
}

export type BusHandler<T = unknown> = (event: BusEvent<T>) => void | Promise<void>;

/**
 * Operational events between plugins and API instances (`plugin.toggled`, later `identity.merged` ...).
 * Published through Redis pub/sub so every instance sees them; delivery is at-most-once and meant for
 * notifications. Work that must not be lost goes through BullMQ queues instead.
 */
export class EventBus {
  readonly #local = new EventEmitter();
  readonly #channel: string;
  #subscribed = false;

  constructor(private readonly pub: Redis, private readonly sub: Redis, prefix: string, readonly instanceId: string, private readonly onError: (err: unknown) => void) {
    this.#channel = `${prefix}:bus`;
    this.#local.setMaxListeners(200);
  }

  async start(): Promise<void> {
    if (this.#subscribed) return;
    this.sub.on('message', (channel, message) => {
      if (channel !== this.#channel) return;
      try {
        const event = JSON.parse(message) as BusEvent;
        this.#dispatch(event);
      } catch (err) {
        this.onError(err);
      }
    });
    await this.sub.subscribe(this.#channel);
    this.#subscribed = true;
  }

  async publish<T>(topic: string, tenantId: string, payload: T): Promise<void> {
    const event: BusEvent<T> = { topic, tenantId, payload, origin: this.instanceId, at: new Date().toISOString() };
    await this.pub.publish(this.#channel, JSON.stringify(event));
  }

  subscribe<T>(topic: string, handler: BusHandler<T>): () => void {
    const wrapped = (event: BusEvent<T>) => {
      Promise.resolve(handler(event)).catch(this.onError);
    };
    this.#local.on(topic, wrapped);
    return () => this.#local.off(topic, wrapped);
  }

  #dispatch(event: BusEvent): void {
    this.#local.emit(event.topic, event);
    this.#local.emit('*', event);
  }

  async close(): Promise<void> {
    this.#local.removeAllListeners();
    if (this.#subscribed) await this.sub.unsubscribe(this.#channel).catch(() => undefined);
  }
}
