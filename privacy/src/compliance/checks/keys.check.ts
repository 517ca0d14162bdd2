import { readFile } from 'node:fs/promises';
import type { KeyProvider } from '../../encryption/key-provider.ts';
import { LocalKeyringProvider } from '../../encryption/local-keyring.provider.ts';
import type { Finding } from '../finding.ts';
import { daysBetween, type AuditCheck } from './check-context.ts';

/**
 * When the provider's current master key was created, where the provider can tell: the local keyring file records
 * it (read here for the date only); a KMS-backed provider may expose `currentMasterKeyCreatedAt()`.
 */
async function masterKeyCreatedAt(provider: KeyProvider): Promise<{ id: string; createdAt: Date } | null> {
  const id = await provider.currentMasterKeyId();
  const own = (provider as { currentMasterKeyCreatedAt?: () => Promise<Date | null> }).currentMasterKeyCreatedAt;
  if (typeof own === 'function') {
    const at = await own.call(provider);
    return at ? { id, createdAt: at } : null;
  }
  if (!(provider instanceof LocalKeyringProvider)) return null;
  const keyring = JSON.parse(await readFile(provider.file, 'utf8')) as { keys?: { id: string; createdAt?: string }[] };
  const created = keyring.keys?.find((k) => k.id === id)?.createdAt;
  return created ? { id, createdAt: new Date(created) } : null;
}

/**
 * Keys not rotated: the tenant's current data key older than `keyMaxAgeDays` (medium) and the master key older than
 * `masterKeyMaxAgeDays` (medium). A tenant without a data key yet is an info finding (nothing sealed so far).
 */
export const keysCheck: AuditCheck = {
  id: 'keys',
  async run({ ctx, tenantId, now, settings, db }) {
    const out: Finding[] = [];
    const current = await db.collection('privacy_keys').find({ tenantId, kind: 'tenant-data', status: 'active' }, { projection: { _id: 1, version: 1, createdAt: 1 } }).sort({ version: -1 }).limit(1).next();
    if (!current) {
      out.push({
        id: 'keys:tenant-data', check: 'keys', severity: 'info', refs: { tenantKey: null },
        title: 'No tenant data key yet', detail: 'Nothing of this tenant has been encrypted so far: the first encrypted write creates the key.',
        fix: 'None needed. If personal data exists for this tenant, check that field encryption is enabled (the encryption check lists fields stored in clear).',
      });
    } else if (current.createdAt) {
      const age = daysBetween(new Date(current.createdAt), now);
      if (age > settings.keyMaxAgeDays) {
        out.push({
          id: 'keys:tenant-data', check: 'keys', severity: 'medium', refs: { keyId: String(current._id), version: Number(current.version), ageDays: age, maxDays: settings.keyMaxAgeDays },
          title: `Tenant data key v${current.version} is ${age} days old (limit ${settings.keyMaxAgeDays})`,
          detail: `Key ${current._id} has sealed this tenant's fields and person keys for ${age} days. The longer a key is in use, the more data one leaked key exposes.`,
          fix: 'Rotate the tenant data key (Privacy → Keys → Rotate; the rotation job re-wraps person keys and re-encrypts tenant fields in the background, without downtime). Change the limit under the privacy-audit settings if your policy differs.',
        });
      }
    }
    const provider = ctx.privacy.keys?.provider;
    const master = provider ? await masterKeyCreatedAt(provider).catch(() => null) : null;
    if (provider && master) {
      const age = daysBetween(master.createdAt, now);
      if (age > settings.masterKeyMaxAgeDays) {
        out.push({
          id: 'keys:master', check: 'keys', severity: 'medium', refs: { masterKeyId: master.id, provider: provider.name, ageDays: age, maxDays: settings.masterKeyMaxAgeDays },
          title: `Master key ${master.id} is ${age} days old (limit ${settings.masterKeyMaxAgeDays})`,
          detail: `The ${provider.name} master key wraps every tenant key of the platform.`,
          fix: 'Add a new master key (platform operator: rotate the keyring) and let the key-rotation job re-wrap the tenant keys under it; retire the old master key once nothing is wrapped by it. Keep the keyring backed up apart from the database.',
        });
      }
    } else if (provider) {
      out.push({
        id: 'keys:master', check: 'keys', severity: 'info', refs: { provider: provider.name },
        title: `Master key age unknown (${provider.name})`, detail: 'The key provider does not say when its current master key was created.',
        fix: "Check the key's creation date in the KMS console and rotate it on your schedule.",
      });
    }
    return out;
  },
};
