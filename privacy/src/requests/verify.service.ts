import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { PiiCategory } from '../../../server/src/db/pii.ts';
import { BlindIndexer, type Normalizer } from '../encryption/blind-index.ts';
import { platformOf } from './platform.ts';
import { pseudonymResidue } from './pseudonyms.ts';

/** Categories whose values are ids or contact data a subject can be found by. */
const SEARCHED: ReadonlySet<PiiCategory> = new Set(['identifier', 'device_id', 'email', 'phone', 'ip_address', 'payment_ref', 'name']);
const NORMALIZE: Partial<Record<PiiCategory, Normalizer>> = { email: 'email', phone: 'phone' };

export interface Finding { collection: string; path: string; count: number; via: 'cleartext' | 'blind-index' }
export interface VerificationResult {
  ok: boolean;
  findings: Finding[];
  /** Fields searched (cleartext or blind index). */
  searched: number;
  /** Encrypted fields without a blind index: not searchable, covered by crypto-shredding when person-keyed. */
  notSearchable: string[];
  /** Collections left out on purpose, with why. */
  excluded: Record<string, string>;
  at: Date;
}

/** What the scan leaves out, and why (the request's own record is scrubbed when it completes). */
const EXCLUDED: Record<string, string> = {
  privacy_audit: 'append-only hash-chained log; entries hold ids only, never personal data',
  privacy_pseudonyms: 'searched by pseudonym (the mapped value is sealed)',
};

/**
 * After an erasure: every model field declared as an identifier or contact datum (the PII registry: core, privacy
 * layer, every plugin) is searched in the raw store for each of the subject's values, in clear and, for encrypted
 * fields with a blind index, by the values' index. Any hit is residue and keeps the request open.
 */
export async function verificationScan(ctx: PluginContext, tenantId: string, values: string[], opts: { requestId: string }): Promise<VerificationResult> {
  const platform = platformOf(ctx);
  const indexer = ctx.privacy.keys ? new BlindIndexer(ctx.privacy.keys) : null;
  const findings: Finding[] = [];
  const notSearchable: string[] = [];
  const seen = new Set<string>();
  let searched = 0;
  for (const decl of ctx.privacy.registry.personalFields()) {
    const where = `${decl.collection}.${decl.path}`;
    if (seen.has(where) || EXCLUDED[decl.collection] || !values.length) continue;
    seen.add(where);
    let model;
    try {
      model = platform.model(decl.model);
    } catch {
      continue; // declared by a model this process did not compile (a failed plugin)
    }
    const extra: Record<string, unknown> = decl.collection === 'privacy_requests' ? { _id: { $ne: opts.requestId } } : decl.collection === 'privacy_keys' ? { status: { $ne: 'shredded' } } : {};
    if (decl.encrypted) {
      if (!decl.blindIndex || !indexer) { if (SEARCHED.has(decl.category)) notSearchable.push(where); continue; }
      const normalize = NORMALIZE[decl.category] ?? 'trim';
      const bidx = await Promise.all(values.map((v) => indexer.compute(tenantId, decl.collection, decl.path, v, { normalize })));
      const count = await model.collection.countDocuments({ tenantId, ...extra, [`${decl.path}_bidx`]: { $in: bidx } });
      searched++;
      if (count) findings.push({ collection: decl.collection, path: decl.path, count, via: 'blind-index' });
      continue;
    }
    if (!SEARCHED.has(decl.category)) continue;
    // Raw driver query: no mongoose middleware, the stored values as they are.
    const count = await model.collection.countDocuments({ tenantId, ...extra, [decl.path]: { $in: values } });
    searched++;
    if (count) findings.push({ collection: decl.collection, path: decl.path, count, via: 'cleartext' });
  }
  const pseudonyms = await pseudonymResidue(ctx, tenantId, values);
  searched++;
  if (pseudonyms) findings.push({ collection: 'privacy_pseudonyms', path: '_id', count: pseudonyms, via: 'blind-index' });
  return { ok: findings.length === 0, findings, searched, notSearchable, excluded: { ...EXCLUDED }, at: new Date() };
}
