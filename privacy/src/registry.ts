import type { PiiFieldDeclaration } from '../../server/src/db/pii.ts';

/**
 * The data inventory: every model field that holds personal data, as declared by the core and the plugins.
 * Log redaction, exports and erasure read it.
 */
export class PiiRegistry {
  readonly #fields: (PiiFieldDeclaration & { owner: string })[] = [];

  add(owner: string, fields: PiiFieldDeclaration[]): void {
    for (const f of fields) this.#fields.push({ ...f, owner });
  }

  /** Declared personal-data fields (category other than 'none'). */
  personalFields(): (PiiFieldDeclaration & { owner: string })[] {
    return this.#fields.filter((f) => f.category !== 'none');
  }

  all(): (PiiFieldDeclaration & { owner: string })[] {
    return [...this.#fields];
  }

  /** Leaf field names to redact from logs (e.g. `email`, `phone`). */
  redactPaths(): string[] {
    return PiiRegistry.redactPathsOf(this.#fields);
  }

  static redactPathsOf(fields: PiiFieldDeclaration[]): string[] {
    return [...new Set(fields.filter((f) => f.category !== 'none' && f.category !== 'credential').map((f) => f.path.split('.').pop()!))];
  }
}
