import { Queue, type ConnectionOptions } from 'bullmq';
import type { JobDeclaration } from '../core/plugin-contract.ts';

export interface DeclaredQueue {
  name: string;
  plugin: string;
  jobs: JobDeclaration[];
}

/** BullMQ queues declared by loaded plugins, opened lazily and closed together. */
export class QueueRegistry {
  readonly #declared = new Map<string, DeclaredQueue>();
  readonly #open = new Map<string, Queue>();

  constructor(private readonly connection: ConnectionOptions, readonly prefix: string) {}

  declare(plugin: string, job: JobDeclaration): void {
    const q = this.#declared.get(job.queue) ?? this.#declared.set(job.queue, { name: job.queue, plugin, jobs: [] }).get(job.queue)!;
    if (q.plugin !== plugin) throw new Error(`queue "${job.queue}" is declared by both ${q.plugin} and ${plugin}`);
    q.jobs.push(job);
  }

  declared(): DeclaredQueue[] {
    return [...this.#declared.values()];
  }

  has(name: string): boolean {
    return this.#declared.has(name);
  }

  get(name: string): Queue {
    if (!this.#declared.has(name)) throw new Error(`queue "${name}" is not declared`);
    let q = this.#open.get(name);
    if (!q) {
      const decl = this.#declared.get(name)!;
      const first = decl.jobs[0];
      q = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: first?.attempts ?? 3,
          backoff: { type: 'exponential', delay: first?.backoffMs ?? 1000 },
          removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
          removeOnFail: { count: 5000 },
        },
      });
      this.#open.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open.values()].map((q) => q.close()));
    this.#open.clear();
  }
}
