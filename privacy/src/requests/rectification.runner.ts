import { UnrecoverableError } from 'bullmq';
import type { RunInput } from './access.runner.ts';
import { identityOf } from './platform.ts';
import { requestError } from './requests.errors.ts';

/**
 * Rectification of profile fields: the corrected values go to the identity plugin (`IdentityApi.rectify`), which
 * writes them on the person under its lock. Nothing to correct (no person, no identity plugin) fails the request
 * at once: retrying cannot help, a person must look at it.
 */
export async function runRectification({ ctx, tenantId, request, resolved, steps }: RunInput): Promise<{ fields: string[] }> {
  const identity = identityOf(ctx);
  let fields: string[] = [];
  await steps.run('plugin:identity', async () => {
    if (!identity?.rectify) throw new UnrecoverableError('the identity plugin (IdentityApi.rectify) is not loaded');
    if (!resolved.personId) throw new UnrecoverableError('no person of the identity graph matches the subject');
    const out = await identity.rectify(tenantId, resolved.personId, request.corrections ?? {});
    fields = out.fields;
    return { result: { personId: out.personId, fields: out.fields } };
  });
  const failed = steps.failed();
  if (failed.length) {
    const err = requestError('PRIVACY_ERR_REQ_STEP_FAILED', [failed.map((s) => `${s.key}: ${s.error}`).join('; ')]);
    if (!identity?.rectify || !resolved.personId) throw new UnrecoverableError(err.message);
    throw err;
  }
  return { fields };
}
