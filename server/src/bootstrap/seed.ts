import type { CoreServices } from '../core/services.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { hashToken, keyPrefix, newApiKey } from '../auth/tokens.ts';

export interface SeedResult {
  created: boolean;
  adminEmail: string;
  /** Only when generated now: printed once, never stored. */
  generatedPassword?: string;
  demoTenantId: string;
  /** Only when generated now. */
  generatedPublishableKey?: string;
}

export const DEMO_TENANT_SLUG = 'demo';

/**
 * First start on an empty store: a platform owner (LOCKSTEP_ADMIN_EMAIL / LOCKSTEP_ADMIN_PASSWORD or a generated
 * password) in a demo tenant, and the demo tenant's publishable key (LOCKSTEP_DEMO_PUBLISHABLE_KEY or generated).
 * Idempotent: safe on every start and from several instances at once (unique indexes decide).
 */
export async function seedIfEmpty(s: CoreServices): Promise<SeedResult> {
  const { Tenant, User, ApiKey } = s.models;
  const { config } = s;
  await Promise.all([Tenant.init(), User.init(), ApiKey.init()]);
  let tenant = await Tenant.findOne({ slug: DEMO_TENANT_SLUG }).lean<any>();
  const result: SeedResult = { created: false, adminEmail: config.LOCKSTEP_ADMIN_EMAIL, demoTenantId: '' };
  if (!tenant) {
    try {
      tenant = (await Tenant.create({ name: 'Demo shop', slug: DEMO_TENANT_SLUG })).toObject();
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      tenant = await Tenant.findOne({ slug: DEMO_TENANT_SLUG }).lean<any>();
    }
  }
  result.demoTenantId = tenant._id;
  const owners = await User.countDocuments({ platformRole: 'owner' }).setOptions({ crossTenant: true });
  if (owners === 0) {
    const password = config.LOCKSTEP_ADMIN_PASSWORD ?? generatePassword();
    try {
      await User.create({ tenantId: tenant._id, email: config.LOCKSTEP_ADMIN_EMAIL, name: 'Platform owner', role: 'owner', platformRole: 'owner', passwordHash: await hashPassword(password) });
      result.created = true;
      if (!config.LOCKSTEP_ADMIN_PASSWORD) result.generatedPassword = password;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  const wanted = config.LOCKSTEP_DEMO_PUBLISHABLE_KEY;
  if (wanted) {
    const exists = await ApiKey.exists({ tenantId: tenant._id, keyHash: hashToken(wanted) });
    if (!exists) await ApiKey.create({ tenantId: tenant._id, name: 'Demo storefront', kind: 'publishable', prefix: keyPrefix(wanted), keyHash: hashToken(wanted) }).catch((err) => { if (err.code !== 11000) throw err; });
  } else if (!(await ApiKey.exists({ tenantId: tenant._id, kind: 'publishable', name: 'Demo storefront' }))) {
    const key = newApiKey('publishable');
    await ApiKey.create({ tenantId: tenant._id, name: 'Demo storefront', kind: 'publishable', prefix: keyPrefix(key), keyHash: hashToken(key) });
    result.generatedPublishableKey = key;
  }
  return result;
}
