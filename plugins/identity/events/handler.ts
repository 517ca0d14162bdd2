import type { EventHandler } from '../../../server/src/core/plugin-contract.ts';
import { coalesce, normalizeSettings } from '../services/merge-rules.ts';
import { identityServices } from '../services/services.ts';

/**
 * Every stored shopper event, delivered through the `identity-events` queue (at least once, so all of this is
 * idempotent): records its identifiers with first/last seen, channel and device, stitches identify/alias events
 * per the tenant's merge rules, and attributes the events to their person.
 *
 * Attribution is checked after it is written: a concurrent merge may have absorbed the person in between. The
 * merge tombstones the person before it re-attributes events, so seeing the tombstone here means those events
 * may have been missed there: they follow `mergedInto` to the live person.
 */
const deliver: EventHandler = async (events, { plugin: ctx, tenantId }) => {
  const { stitcher, repo } = identityServices(ctx);
  const settings = normalizeSettings(await ctx.settings(tenantId));
  const byPerson = new Map<string, string[]>();
  let merges = 0;
  let conflicts = 0;
  for (const { obs, eventIds } of coalesce(events, settings)) {
    const out = obs.mode === 'alias' ? await stitcher.aliasEvent(tenantId, obs, settings) : await stitcher.observe(tenantId, obs, settings);
    merges += out.merges.length;
    conflicts += out.conflicts.length;
    if (out.personId) (byPerson.get(out.personId) ?? byPerson.set(out.personId, []).get(out.personId)!).push(...eventIds);
  }
  for (const [personId, eventIds] of byPerson) await ctx.events.attribute(tenantId, { eventIds }, personId);
  for (const [personId, eventIds] of byPerson) {
    const p = await repo.person(tenantId, personId);
    if (!p?.mergedInto) continue;
    const live = await repo.liveOf(tenantId, personId);
    if (live) await ctx.events.attribute(tenantId, { eventIds }, live);
  }
  return { events: events.length, persons: byPerson.size, merges, conflicts };
};

export default deliver;
