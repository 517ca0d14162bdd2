import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.ts';
import { platformOf } from './platform.ts';

const MODEL = 'PrivacyPseudonym';

function pseudonymizer(ctx: PluginContext): { p: Pseudonymizer; model: ReturnType<ReturnType<typeof platformOf>['model']> } | null {
  if (!ctx.privacy.keys) return null;
  try {
    const model = platformOf(ctx).model(MODEL);
    return { p: new Pseudonymizer(ctx.privacy.keys, model), model };
  } catch {
    return null;
  }
}

const domainsOf = async (model: { distinct(field: string, filter: object): PromiseLike<unknown[]> }, tenantId: string) =>
  [...new Set(['person', ...((await model.distinct('domain', { tenantId })) as string[])])];

/** Erasure: forgets the pseudonym mappings of the subject's values in every domain the tenant uses. */
export async function forgetPseudonyms(ctx: PluginContext, tenantId: string, values: string[]): Promise<number> {
  const ps = pseudonymizer(ctx);
  if (!ps || !values.length) return 0;
  let n = 0;
  for (const domain of await domainsOf(ps.model, tenantId)) n += await ps.p.forget(tenantId, values, domain);
  return n;
}

/** Verification: mappings of the subject's values still stored (their value is sealed, so looked up by pseudonym). */
export async function pseudonymResidue(ctx: PluginContext, tenantId: string, values: string[]): Promise<number> {
  const ps = pseudonymizer(ctx);
  if (!ps || !values.length) return 0;
  const ids: string[] = [];
  for (const domain of await domainsOf(ps.model, tenantId)) for (const v of values) ids.push(await ps.p.idOf(tenantId, v, domain));
  return ps.model.countDocuments({ tenantId, _id: { $in: ids } });
}
