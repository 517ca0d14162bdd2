import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { BUS_ERASED } from '../constants.ts';
import type { DataSubject } from '../../../server/src/core/plugin-contract.ts';
import type { IdentifierRef, IdentityApi, IdentifyInput, Observation } from '../types.ts';
import { eraseSubject, exportSubject } from './data-subject.service.ts';
import { attributionRef, emailHash, isBlocked, normalizeSettings, sanitizeTraits, sortRefs } from './merge-rules.ts';
import { identityServices } from './services.ts';
import { personsByEmail, rectifyTraits } from './rectify.service.ts';

/** The API dependent plugins get with `ctx.use<IdentityApi>('identity')`. */
export function createIdentityApi(ctx: PluginContext): IdentityApi {
  const svc = () => identityServices(ctx);
  return {
    resolve: (tenantId, ref) => svc().resolver.resolve(tenantId, ref),

    async resolveEvent(tenantId, event) {
      const refs: IdentifierRef[] = [];
      if (event.userId) refs.push({ kind: 'user_id', value: event.userId });
      if (event.anonymousId) refs.push({ kind: 'anonymous_id', value: event.anonymousId });
      if (event.deviceId) refs.push({ kind: 'device_id', value: event.deviceId });
      for (const ref of refs) {
        const personId = await svc().resolver.resolve(tenantId, ref);
        if (personId) return personId;
      }
      return null;
    },

    async identifiersOf(tenantId, personId) {
      const live = await svc().repo.liveOf(tenantId, personId);
      if (!live) return [];
      const docs = await svc().repo.identifiers.find({ tenantId, personId: live }).sort({ kind: 1, value: 1 }).lean<any[]>();
      return docs.map((d) => ({ kind: d.kind, value: d.value, channel: d.channel ?? null, lastSeenAt: d.lastSeenAt ?? null }));
    },

    rectify: (tenantId, personId, traits) => rectifyTraits(svc().repo, tenantId, personId, traits),
    personsByEmail: (tenantId, email) => personsByEmail(svc().repo, tenantId, email),

    async identify(tenantId, input: IdentifyInput) {
      const settings = normalizeSettings(await ctx.settings(tenantId));
      const traits = sanitizeTraits(input.traits);
      const candidates: IdentifierRef[] = [];
      if (input.userId) candidates.push({ kind: 'user_id', value: input.userId });
      if (input.anonymousId) candidates.push({ kind: 'anonymous_id', value: input.anonymousId });
      if (input.deviceId) candidates.push({ kind: 'device_id', value: input.deviceId });
      if (settings.mergeOnEmail && typeof traits?.email === 'string') candidates.push({ kind: 'email_hash', value: emailHash(traits.email) });
      const at = input.at ?? new Date();
      const obs: Observation = {
        ids: sortRefs(candidates.filter((r) => !isBlocked(r.value, settings))), blocked: candidates.filter((r) => isBlocked(r.value, settings)),
        mode: 'identify', firstAt: at, at, receivedAt: new Date(), channel: input.channel ?? null, device: input.device ?? null, traits,
        eventId: input.eventId ?? null,
      };
      if (!attributionRef(obs.ids) && !obs.blocked.length) return { personId: null };
      const out = await svc().stitcher.observe(tenantId, obs, settings);
      const m = out.merges.at(-1);
      return { personId: out.personId, ...(m?.fromPersonId && m.intoPersonId ? { merged: { fromPersonId: m.fromPersonId, intoPersonId: m.intoPersonId, identifiers: m.identifiers } } : {}) };
    },
  };
}

/** The plugin's dataSubject hooks (export / erase), used by the privacy layer. */
export const dataSubjectHooks = {
  export: (ctx: PluginContext, subject: DataSubject) => exportSubject(identityServices(ctx).repo, subject),
  async erase(ctx: PluginContext, subject: DataSubject) {
    const svc = identityServices(ctx);
    const { deleted, identifiers, personIds } = await eraseSubject(svc.repo, subject);
    if (identifiers.length) svc.announce(BUS_ERASED, subject.tenantId, { identifiers, personIds });
    return { deleted };
  },
};
