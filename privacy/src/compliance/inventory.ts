import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { ENCRYPTED_BY_DEFAULT, type PiiFieldDeclaration } from '../../../server/src/db/pii.ts';
import type { RetentionPolicyView } from '../retention/retention-targets.ts';
import { CORE_OWNER, CORE_PURPOSES, loadedPlugins, type PlatformPlugin } from './platform-view.ts';

/** One personal-data field of the data inventory. */
export interface InventoryField {
  /** `<collection>.<field>` */
  id: string;
  owner: string;
  ownerKind: 'core' | 'platform' | 'plugin';
  model: string;
  collection: string;
  field: string;
  category: string;
  /** The owner's declared purposes (core: necessary); empty when the owning plugin declares none. */
  purposes: string[];
  /** Its category is encrypted unless the field opts out (ENCRYPTED_BY_DEFAULT); others stay in clear by design. */
  encryptedByDefault: boolean;
  /** Sealed at rest; null when the declaration does not say (field encryption not wired for it). */
  encrypted: boolean | null;
  blindIndex: boolean | null;
  /** Why the field stays in clear, when it opts out of encryption. */
  encryptReason: string | null;
  /** The retention in force for the collection (this tenant), or null when documents are kept until erased. */
  retention: { field: string; days: number; source: 'declared' | 'tenant' } | null;
}

/** A loaded plugin and what it declares about personal data. */
export interface InventoryPlugin {
  name: string;
  version: string;
  required: boolean;
  purposes: string[];
  dataCategories: string[];
  /** Categories its models hold (from the field declarations). */
  modelCategories: string[];
  collections: string[];
  personalFields: number;
  /** Holds personal data but declares no purpose. */
  purposeMissing: boolean;
}

export interface DataInventory {
  generatedAt: string;
  fields: InventoryField[];
  plugins: InventoryPlugin[];
}

type Declared = PiiFieldDeclaration & { owner: string };

/** Categories that need a declared purpose (credentials are hashes the platform keeps for logging in). */
const PURPOSE_CATEGORIES = (category: string) => category !== 'none' && category !== 'credential';

/** The registry's personal-data fields, one per collection + path (the same model may be registered twice). */
export function personalFields(ctx: PluginContext): Declared[] {
  const seen = new Set<string>();
  return ctx.privacy.registry.personalFields().filter((f) => {
    const key = `${f.collection}\u0000${f.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Builds the data inventory from declarations only: every model field's `pii` category (the registry), each
 * plugin's `purposes` and `dataCategories` (its definition), the encryption flags of the declarations and the
 * retention in force for the tenant.
 */
export function buildInventory(ctx: PluginContext, retention: RetentionPolicyView[], now = new Date()): DataInventory {
  const plugins = loadedPlugins(ctx);
  const byName = new Map<string, PlatformPlugin>(plugins.map((p) => [p.name, p]));
  const retentionOf = new Map(retention.map((r) => [r.collection, r]));
  const fields = personalFields(ctx).map((f): InventoryField => {
    const plugin = byName.get(f.owner);
    const r = retentionOf.get(f.collection);
    return {
      id: `${f.collection}.${f.path}`,
      owner: f.owner,
      ownerKind: f.owner === CORE_OWNER ? 'core' : plugin?.definition.required ? 'platform' : 'plugin',
      model: f.model, collection: f.collection, field: f.path, category: f.category,
      purposes: f.owner === CORE_OWNER ? [...CORE_PURPOSES] : [...(plugin?.definition.purposes ?? [])],
      encryptedByDefault: ENCRYPTED_BY_DEFAULT.has(f.category),
      encrypted: typeof f.encrypted === 'boolean' ? f.encrypted : null,
      blindIndex: typeof f.blindIndex === 'boolean' ? f.blindIndex : null,
      encryptReason: f.encryptReason ?? null,
      retention: r && r.enabled && r.field && r.days !== null && (r.source === 'declared' || r.source === 'tenant') ? { field: r.field, days: r.days, source: r.source } : null,
    };
  }).sort((a, b) => a.owner.localeCompare(b.owner) || a.collection.localeCompare(b.collection) || a.field.localeCompare(b.field));

  const inventoryPlugins = plugins.map((p): InventoryPlugin => {
    const own = fields.filter((f) => f.owner === p.name);
    const modelCategories = [...new Set(own.map((f) => f.category))].sort();
    const purposes = [...(p.definition.purposes ?? [])];
    return {
      name: p.name, version: p.definition.version, required: p.definition.required === true, purposes,
      dataCategories: [...(p.definition.dataCategories ?? [])], modelCategories,
      collections: [...new Set((p.definition.models ?? []).map((m) => m.collection))].sort(),
      personalFields: own.length,
      purposeMissing: purposes.length === 0 && (modelCategories.some(PURPOSE_CATEGORIES) || (p.definition.dataCategories ?? []).some(PURPOSE_CATEGORIES)),
    };
  }).sort((a, b) => a.name.localeCompare(b.name));
  return { generatedAt: now.toISOString(), fields, plugins: inventoryPlugins };
}
