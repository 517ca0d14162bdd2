import type { Model } from 'mongoose';
import { BASE_PURPOSES } from './defaults.ts';
import { consentError } from './consent.errors.ts';
import { builtinText, purposeDefault, textHash, type DeclaredPurpose, type PurposeDefault } from './purposes.ts';

/** One published text of a purpose. Version 1 is the built-in text (never stored). */
export interface PurposeVersion {
  purpose: string;
  version: number;
  title: string;
  description: string;
  text: string;
  textHash: string;
  publishedAt: Date | null;
  publishedBy: string | null;
  builtin: boolean;
}

/** A purpose as the console and the SDK banner see it: where it comes from, how it defaults, its current text. */
export interface PurposeView extends DeclaredPurpose {
  default: PurposeDefault;
  current: PurposeVersion;
  /** How many versions exist (the built-in one included). */
  versions: number;
}

export interface PublishInput {
  text: string;
  title?: string;
  description?: string;
}

/** Latest texts per tenant are kept this long in memory (the ingestion path asks for every consent_update). */
const CACHE_MS = 2000;

const toVersion = (d: any): PurposeVersion => ({
  purpose: d.purpose, version: d.version, title: d.title, description: d.description ?? '', text: d.text, textHash: d.textHash,
  publishedAt: d.publishedAt ? new Date(d.publishedAt) : null, publishedBy: d.publishedBy ?? null, builtin: false,
});

/** What a purpose name alone says about it, when the caller has no plugin declarations at hand. */
export function undeclared(purpose: string): DeclaredPurpose {
  return { purpose, source: (BASE_PURPOSES as readonly string[]).includes(purpose) ? 'base' : 'plugin', plugins: [] };
}

/** Versioned consent texts per tenant and purpose (privacy_purposes): read, list, publish a new version. */
export class PurposeCatalog {
  readonly #cache = new Map<string, { at: number; latest: Promise<Map<string, PurposeVersion>> }>();

  constructor(private readonly texts: Model<any>) {}

  builtin(p: DeclaredPurpose): PurposeVersion {
    const t = builtinText(p);
    return { purpose: p.purpose, version: 1, ...t, textHash: textHash(t.text), publishedAt: null, publishedBy: null, builtin: true };
  }

  /** The newest stored version of each purpose of the tenant. */
  latest(tenantId: string): Promise<Map<string, PurposeVersion>> {
    const hit = this.#cache.get(tenantId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.latest;
    const latest = (async () => {
      const docs = await this.texts.find({ tenantId }).select('-__v').sort({ purpose: 1, version: -1 }).lean<any[]>();
      const out = new Map<string, PurposeVersion>();
      for (const d of docs) if (!out.has(d.purpose)) out.set(d.purpose, toVersion(d));
      return out;
    })();
    latest.catch(() => this.#cache.delete(tenantId));
    this.#cache.set(tenantId, { at: Date.now(), latest });
    return latest;
  }

  async current(tenantId: string, p: DeclaredPurpose): Promise<PurposeVersion> {
    return (await this.latest(tenantId)).get(p.purpose) ?? this.builtin(p);
  }

  /** A given version (1 = built-in); null when it does not exist. */
  async version(tenantId: string, p: DeclaredPurpose, version: number): Promise<PurposeVersion | null> {
    if (version === 1) return this.builtin(p);
    const d = await this.texts.findOne({ tenantId, purpose: p.purpose, version }).lean<any>();
    return d ? toVersion(d) : null;
  }

  async list(tenantId: string, declared: DeclaredPurpose[]): Promise<PurposeView[]> {
    const latest = await this.latest(tenantId);
    return declared.map((p) => {
      const current = latest.get(p.purpose) ?? this.builtin(p);
      return { ...p, default: purposeDefault(p.purpose), current, versions: current.version };
    });
  }

  /** Every version of a purpose, newest first (the built-in version 1 last). */
  async versions(tenantId: string, p: DeclaredPurpose): Promise<PurposeVersion[]> {
    const docs = await this.texts.find({ tenantId, purpose: p.purpose }).sort({ version: -1 }).lean<any[]>();
    return [...docs.map(toVersion), this.builtin(p)];
  }

  /**
   * Publishes a new text as the next version. Concurrent publications race on the unique (tenant, purpose, version)
   * index: the loser re-reads the head and tries the next number.
   */
  async publish(tenantId: string, p: DeclaredPurpose, input: PublishInput, publishedBy: string | null): Promise<PurposeVersion> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = await this.texts.findOne({ tenantId, purpose: p.purpose }).sort({ version: -1 }).lean<any>();
      const prev = head ? toVersion(head) : this.builtin(p);
      const doc = {
        tenantId, purpose: p.purpose, version: prev.version + 1, title: input.title ?? prev.title, description: input.description ?? prev.description,
        text: input.text, textHash: textHash(input.text), publishedAt: new Date(), publishedBy,
      };
      try {
        const created = await this.texts.create(doc);
        this.#cache.delete(tenantId);
        return toVersion(created.toObject());
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
    throw consentError('PRIVACY_ERR_CONSENT_TEXT_CONTENDED', [p.purpose]);
  }
}
