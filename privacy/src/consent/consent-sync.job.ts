import { Type } from 'typebox';
import type { JobProcessor } from '../../../server/src/core/plugin-contract.ts';

export const CONSENT_QUEUE = 'privacy-consent';
export const CONSENT_SYNC_JOB = 'sync-persons';

/** After an identity merge (`merge`: move from → into) or split (`split`: copy from → into). */
export const ConsentSyncPayload = Type.Object({
  action: Type.Union([Type.Literal('merge'), Type.Literal('split')]),
  fromPersonId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  intoPersonId: Type.String({ minLength: 1, maxLength: 100 }),
  identifiers: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 10_000 }),
}, { additionalProperties: false });

export interface ConsentSyncData {
  action: 'merge' | 'split';
  fromPersonId: string | null;
  intoPersonId: string;
  identifiers: string[];
}

/**
 * Joins the consent records of persons the identity graph merged (newest choice per purpose wins), or gives a
 * split-off person the choices made while it was joined. Idempotent: a rerun finds nothing left to move.
 */
const syncPersons: JobProcessor<ConsentSyncData> = async (job, { plugin: ctx }) => {
  const { tenantId, action, fromPersonId, intoPersonId, identifiers } = job.data;
  const consent = ctx.privacy.consent;
  if (action === 'split') return fromPersonId ? consent.copyPerson(tenantId, fromPersonId, intoPersonId, identifiers) : { moved: 0, changed: [] };
  return consent.mergePersons(tenantId, fromPersonId, intoPersonId, identifiers);
};

export default syncPersons;
