import { identityError } from '../errors.ts';
import type { GraphRepo } from './graph.repo.ts';
import { emailHash } from './merge-rules.ts';

/** Profile traits a rectification may correct (the contact fields persons store by category). */
export const RECTIFIABLE_TRAITS = ['email', 'name', 'phone', 'address'] as const;

/**
 * Rectification (GDPR art. 16), for the privacy layer's requests: sets the corrected contact traits on the live
 * person (a merged id resolves to it), under the person's lock; a null value removes the trait. Answers the
 * fields written. (An email hash identifier made with mergeOnEmail is not re-keyed.)
 */
export async function rectifyTraits(repo: GraphRepo, tenantId: string, personId: string, traits: Record<string, unknown>): Promise<{ personId: string; fields: string[] }> {
  const live = await repo.liveOf(tenantId, personId);
  if (!live) throw identityError('IDENTITY_ERR_NOT_FOUND', [`Person ${personId}`]);
  const fields = RECTIFIABLE_TRAITS.filter((f) => traits[f] !== undefined);
  if (!fields.length) return { personId: live, fields: [] };
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const f of fields) {
    const v = traits[f];
    if (v === null) $unset[`traits.${f}`] = 1;
    else $set[`traits.${f}`] = typeof v === 'string' ? v.trim() : v;
  }
  await repo.withPersonLock(tenantId, live, () => repo.persons.updateOne({ _id: live, tenantId }, { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) }));
  return { personId: live, fields: [...fields] };
}

/** Live persons with this e-mail address: by the email-hash identifier (mergeOnEmail) and by the stored trait. */
export async function personsByEmail(repo: GraphRepo, tenantId: string, email: string): Promise<string[]> {
  const found = new Set<string>();
  const address = email.trim();
  for (const d of (await repo.findIdentifiers(tenantId, [{ kind: 'email_hash', value: emailHash(address) }])).values()) found.add(d.personId);
  try {
    const docs = await repo.persons.find({ tenantId, mergedInto: null, 'traits.email': { $in: [...new Set([address, address.toLowerCase()])] } }).select('_id').limit(100).lean<{ _id: string }[]>();
    for (const d of docs) found.add(d._id);
  } catch {
    // The trait is sealed without a blind index here: only the email hash can find the person.
  }
  return [...found];
}
