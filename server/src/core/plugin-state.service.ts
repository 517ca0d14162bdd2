import type { Model } from 'mongoose';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { LoadedPlugin } from './plugin-loader.ts';
import { coreError } from '../errors/app-error.ts';

interface PluginStateDoc {
  tenantId: string;
  plugin: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  installedAt: Date | null;
}

/**
 * Which plugins are enabled for which tenant, and their per-tenant settings. Reads are cached briefly per
 * instance; toggles invalidate the cache here and (through the bus) on every other instance.
 */
export class PluginStateService {
  readonly #cache = new Map<string, { at: number; states: Map<string, PluginStateDoc> }>();
  constructor(private readonly model: Model<PluginStateDoc>, private readonly plugins: () => LoadedPlugin[], private readonly ttlMs = 2000) {}

  invalidate(tenantId?: string): void {
    if (tenantId) this.#cache.delete(tenantId);
    else this.#cache.clear();
  }

  async #states(tenantId: string): Promise<Map<string, PluginStateDoc>> {
    const hit = this.#cache.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.states;
    const docs = await this.model.find({ tenantId }).lean<PluginStateDoc[]>();
    const states = new Map(docs.map((d) => [d.plugin, d]));
    this.#cache.set(tenantId, { at: Date.now(), states });
    return states;
  }

  async isEnabled(tenantId: string, plugin: string): Promise<boolean> {
    const p = this.plugins().find((x) => x.name === plugin);
    if (!p || p.status !== 'active') return false;
    if (p.definition!.required) return true;
    const s = (await this.#states(tenantId)).get(plugin);
    return s ? s.enabled : p.definition!.enabledByDefault !== false;
  }

  async settings(tenantId: string, plugin: string): Promise<Record<string, unknown>> {
    const p = this.plugins().find((x) => x.name === plugin);
    const stored = (await this.#states(tenantId)).get(plugin)?.settings ?? {};
    const schema = p?.definition?.configSchema;
    return schema ? (Value.Default(schema, structuredClone(stored)) as Record<string, unknown>) : stored;
  }

  /** Sets enabled and/or settings; returns whether this was the first enable for the tenant (install). */
  async update(tenantId: string, plugin: string, change: { enabled?: boolean; settings?: Record<string, unknown> }): Promise<{ firstInstall: boolean }> {
    const p = this.plugins().find((x) => x.name === plugin);
    if (!p) throw coreError('CORE_ERR_NOT_FOUND', [`Plugin ${plugin}`]);
    if (p.status === 'failed') throw coreError('CORE_ERR_PLUGIN_FAILED', [plugin], { error: p.error });
    if (change.enabled === false && p.definition!.required) throw coreError('CORE_ERR_PLUGIN_REQUIRED', [plugin]);
    const set: Record<string, unknown> = {};
    if (change.settings !== undefined) {
      const schema = p.definition!.configSchema;
      if (schema) {
        const candidate = Value.Default(schema, structuredClone(change.settings));
        const errors = Compile(schema).Errors(candidate);
        if (errors.length) {
          const details = errors.map((e) => ({ field: `body.settings${e.instancePath.replace(/\//g, '.')}`, message: e.message }));
          throw coreError('CORE_ERR_VALIDATION', [details.map((d) => `${d.field} ${d.message}`).join('; ')], details);
        }
      }
      set.settings = change.settings;
    }
    if (change.enabled !== undefined) set.enabled = change.enabled;
    // The insert that creates the state records the install itself when the plugin starts enabled: a unique-index
    // insert is the one write FerretDB v1 makes atomic (its conditional updates race), so racing first enables
    // install exactly once.
    const enabledOnInsert = change.enabled ?? p.definition!.enabledByDefault !== false;
    const upsert = () => this.model.findOneAndUpdate(
      { tenantId, plugin },
      { $set: set, $setOnInsert: { tenantId, plugin, ...(change.enabled === undefined ? { enabled: enabledOnInsert } : {}), installedAt: enabledOnInsert ? new Date() : null } },
      { upsert: true, returnDocument: 'before' },
    ).lean<PluginStateDoc | null>();
    // Two first-time upserts racing: one inserts, the other hits the unique index (FerretDB does not retry
    // upserts itself); the document exists now, so the second try updates it.
    const before = await upsert().catch((err: { code?: number }) => { if (err?.code === 11000) return upsert(); throw err; });
    let firstInstall = before === null && enabledOnInsert;
    if (before && (change.enabled ?? before.enabled) && !before.installedAt) {
      const res = await this.model.updateOne({ tenantId, plugin, installedAt: null }, { $set: { installedAt: new Date() } });
      firstInstall = res.modifiedCount === 1;
    }
    this.invalidate(tenantId);
    return { firstInstall };
  }
}
