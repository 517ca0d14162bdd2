import { ENCRYPTED_BY_DEFAULT, type PiiCategory } from '../../../../server/src/db/pii.ts';
import type { Finding } from '../finding.ts';
import type { AuditCheck } from './check-context.ts';

const where = (owner: string, model: string) => (owner === 'core' ? `the core model ${model}` : `model ${model} of plugin "${owner}"`);

/**
 * Unencrypted personal data: every field of a category encrypted by default (e-mail, name, phone, address, free
 * text, payment reference, IP address) that is not sealed at rest. A field that opts out with a stated reason is a
 * low finding quoting the reason (an accepted exception to review); one without a reason is high.
 */
export const encryptionCheck: AuditCheck = {
  id: 'encryption',
  async run({ inventory }) {
    const out: Finding[] = [];
    for (const f of inventory.fields) {
      if (!ENCRYPTED_BY_DEFAULT.has(f.category as PiiCategory) || f.encrypted === true) continue;
      const refs = { owner: f.owner, model: f.model, collection: f.collection, field: f.field, category: f.category };
      if (f.encryptReason) {
        out.push({
          id: `encryption:${f.collection}.${f.field}`, check: 'encryption', severity: 'low', refs,
          title: `${f.collection}.${f.field} (${f.category}) is stored in clear by design`,
          detail: `Field "${f.field}" of ${where(f.owner, f.model)} opts out of encryption. Stated reason: ${f.encryptReason}`,
          fix: `Review the exception: if the reason no longer holds, remove \`encryptAtRest: false\` and \`encryptReason\` from field "${f.field}" of ${where(f.owner, f.model)}; new writes are then sealed with the tenant's data key (re-save existing documents to seal them). Otherwise restrict who can read ${f.collection} and keep the reason current.`,
        });
      } else {
        out.push({
          id: `encryption:${f.collection}.${f.field}`, check: 'encryption', severity: 'high', refs,
          title: `Personal data stored in clear: ${f.collection}.${f.field} (${f.category})`,
          detail: `Field "${f.field}" of ${where(f.owner, f.model)} holds ${f.category} data and is not encrypted at rest${f.encrypted === null ? ' (its declaration carries no encryption flag)' : ''}; anyone with a copy of the store's files can read it.`,
          fix: `Seal it: keep \`pii: '${f.category}'\` on field "${f.field}" of ${where(f.owner, f.model)} without \`encryptAtRest: false\` so the field-encryption plugin encrypts it (add \`lookup: true\` if it is searched by equality, for a blind index), then re-save existing documents. If it must stay in clear, set \`encryptAtRest: false\` with an \`encryptReason\`.`,
        });
      }
    }
    return out;
  },
};
