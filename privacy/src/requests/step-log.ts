import type { Model } from 'mongoose';
import type { RequestStep } from './request-types.ts';

/** What a step answers: its result for the request (ids and counts), records deleted, and a value for the caller. */
export interface StepOutcome<T> {
  value?: T;
  result?: Record<string, unknown>;
  deleted?: number;
}

const message = (err: unknown): string => String((err as Error)?.message ?? err).slice(0, 500);

/**
 * The steps of one run of a request. Every step runs on every run (each is idempotent; a retried erasure must
 * also catch what arrived meanwhile); `deleted` adds up over runs. Each step is written as soon as it ends, so the
 * console shows progress and, after a failure, which plugin failed and why.
 */
export class StepLog {
  readonly #steps: RequestStep[];
  readonly #touched = new Set<string>();

  constructor(private readonly model: Model<any>, private readonly tenantId: string, private readonly requestId: string, previous: RequestStep[] = []) {
    this.#steps = previous.map((s) => ({ ...s }));
  }

  get steps(): RequestStep[] {
    return this.#steps.map((s) => ({ ...s }));
  }

  /** Steps that failed in this run. */
  failed(): RequestStep[] {
    return this.#steps.filter((s) => this.#touched.has(s.key) && s.status === 'failed');
  }

  async run<T>(key: string, fn: () => Promise<StepOutcome<T>>): Promise<T | undefined> {
    const step = this.#step(key);
    step.attempts += 1;
    try {
      const out = await fn();
      Object.assign(step, { status: 'done', error: null, result: out.result ?? {}, deleted: step.deleted + (out.deleted ?? 0), at: new Date() });
      return out.value;
    } catch (err) {
      Object.assign(step, { status: 'failed', error: message(err), at: new Date() });
      return undefined;
    } finally {
      await this.flush();
    }
  }

  async skip(key: string, reason: string): Promise<void> {
    const step = this.#step(key);
    Object.assign(step, { status: 'skipped', error: null, result: { reason }, at: new Date() });
    await this.flush();
  }

  async flush(): Promise<void> {
    await this.model.updateOne({ tenantId: this.tenantId, _id: this.requestId }, { $set: { steps: this.steps } });
  }

  #step(key: string): RequestStep {
    this.#touched.add(key);
    let step = this.#steps.find((s) => s.key === key);
    if (!step) {
      step = { key, status: 'skipped', attempts: 0, error: null, result: {}, deleted: 0, at: new Date() };
      this.#steps.push(step);
    }
    return step;
  }
}
