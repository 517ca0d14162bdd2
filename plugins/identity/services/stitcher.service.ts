import { newId } from '../../../server/src/db/define-model.ts';
import { personLockKey, TOUCH_INTERVAL_MS } from '../constants.ts';
import { identityError } from '../errors.ts';
import type { IdentifierRef, IdentitySettings, MergeRecordView, Observation, StitchOutcome, Traits } from '../types.ts';
import { GraphRepo, isDuplicateKey, keysOf, type IdentifierDoc } from './graph.repo.ts';
import { LockSet } from './lock-set.ts';
import {
  attachRefusal, attributionRef, chooseSurvivor, flatTraits, isBlocked, isDeviceKind, isLinkable, mergeRefusal, refKey, storedTraits,
  traitsSetPaths, type PersonShape,
} from './merge-rules.ts';

/** Publishes what changed once the writes are done (bus + the local resolution cache). */
export interface GraphEvents {
  merged(tenantId: string, payload: { fromPersonId: string; intoPersonId: string; identifiers: string[]; cause: string }): void;
  personCreated(tenantId: string, personId: string): void;
  /** A new identifier joined the graph (resolution caches drop what they remembered as unknown). */
  identified(tenantId: string, identifiers: string[]): void;
}

/** Raised inside a locked section when the graph moved under it (a concurrent first sighting): re-plan. */
class Replan extends Error {}

interface PersonState extends PersonShape {
  traits: Traits;
  channels: Set<string>;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  dirty: boolean;
}

const MAX_REPLANS = 25;

const sameDevice = (a: IdentifierDoc['device'], b: Observation['device']) =>
  (a?.os ?? null) === (b?.os ?? null) && (a?.appVersion ?? null) === (b?.appVersion ?? null) && (a?.screen ?? null) === (b?.screen ?? null);

/** Whether an observation has anything to write on a stored identifier (activity writes are throttled). */
function stale(d: IdentifierDoc, obs: Observation): boolean {
  if (obs.noActivity) return false;
  if (!d.lastSeenAt || obs.at.getTime() - new Date(d.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) return true;
  if (!d.firstSeenAt || obs.firstAt < new Date(d.firstSeenAt)) return true;
  if (obs.channel && d.channel !== obs.channel) return true;
  return isDeviceKind(d.kind) && obs.device !== null && !sameDevice(d.device, obs.device);
}

function identifierActivity(kind: string, obs: Observation): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (obs.channel) set.channel = obs.channel;
  if (obs.device && isDeviceKind(kind)) for (const [k, v] of Object.entries(obs.device)) set[`device.${k}`] = v;
  return { $max: { lastSeenAt: obs.at }, $min: { firstSeenAt: obs.firstAt }, ...(Object.keys(set).length ? { $set: set } : {}) };
}

/**
 * Stitches observations into the graph.
 *
 * Concurrency (FerretDB v1 has no transactions, and two concurrent updates of one document can lose one of
 * them): every document is written either by an insert the unique index arbitrates, or by a holder of the
 * owning person's lock `person:<tenant>:<id>`. Three paths:
 *  1. every identifier known and on one person: activity writes only, under that person's lock (and skipped
 *     while the stored activity is fresh, so most events write nothing);
 *  2. a single unseen identifier: insert the person, then the identifier; the unique index picks one winner and
 *     the loser deletes its person and takes path 1;
 *  3. anything else (a merge, an attach, a conflict): under the tenant's lock `merge:<tenant>`, which serialises
 *     every change of the graph's shape in the tenant, plus the lock of every person it writes. Only this path
 *     holds several locks, and only one flow per tenant is in it, so locks never wait on each other in a cycle.
 * A merge tombstones the absorbed person before moving its identifiers and re-attributing events, so a reader
 * that attributed events to the absorbed id and then sees the tombstone can follow it (events/handler.ts does).
 */
export class Stitcher {
  constructor(private readonly repo: GraphRepo, private readonly events: GraphEvents) {}

  async observe(tenantId: string, obs: Observation, settings: IdentitySettings): Promise<StitchOutcome> {
    const outcome: StitchOutcome = obs.ids.length ? await this.#observe(tenantId, obs, settings) : { personId: null, merges: [], conflicts: [], created: [] };
    if (obs.mode !== 'track') {
      for (const b of obs.blocked) {
        outcome.conflicts.push(await this.repo.conflict(tenantId, {
          action: 'conflict', rule: 'blocked_value', fromPersonId: null, intoPersonId: outcome.personId, identifiers: [refKey(b)],
          cause: obs.mode === 'alias' ? 'alias' : 'identify', eventId: obs.eventId, actor: obs.actor,
        }));
      }
    }
    return outcome;
  }

  /**
   * An alias from the outside: merges `from`'s person into `to`'s with the same rules; answers the merge record
   * or throws IDENTITY_ERR_CONFLICT naming the rule that refused it.
   */
  async alias(tenantId: string, from: IdentifierRef, to: IdentifierRef, settings: IdentitySettings, who: { actor?: string | null; eventId?: string | null } = {}): Promise<MergeRecordView> {
    for (const r of [from, to]) {
      if (!isBlocked(r.value, settings)) continue;
      const rec = await this.repo.conflict(tenantId, { action: 'conflict', rule: 'blocked_value', fromPersonId: null, intoPersonId: null, identifiers: [refKey(r)], cause: 'alias', ...who });
      throw identityError('IDENTITY_ERR_CONFLICT', ['blocked_value', `${refKey(r)} is a blocked value`], { rule: 'blocked_value', record: rec });
    }
    const docs = await this.repo.findIdentifiers(tenantId, [from, to]);
    const fromDoc = docs.get(refKey(from));
    const toDoc = docs.get(refKey(to));
    if (!fromDoc && !toDoc) throw identityError('IDENTITY_ERR_NOT_FOUND', [`Neither ${refKey(from)} nor ${refKey(to)}`]);
    const already = () => identityError('IDENTITY_ERR_CONFLICT', ['already_same_person', `${refKey(from)} and ${refKey(to)} already belong to ${fromDoc?.personId ?? toDoc?.personId}`], { rule: 'already_same_person', personId: fromDoc?.personId ?? toDoc?.personId });
    if (fromDoc && toDoc && fromDoc.personId === toDoc.personId) throw already();
    const now = new Date();
    const out = await this.observe(tenantId, {
      ids: [to, from], blocked: [], mode: 'alias', into: to, firstAt: now, at: now, receivedAt: now, channel: null, device: null, traits: null,
      eventId: who.eventId ?? null, actor: who.actor ?? null, noActivity: true,
    }, settings);
    if (out.merges[0]) return out.merges[0];
    const c = out.conflicts[0];
    if (c) throw identityError('IDENTITY_ERR_CONFLICT', [c.rule, `${refKey(from)} cannot join ${refKey(to)}`], { rule: c.rule, record: c });
    throw already();
  }

  /** An `alias` event: `previousId` (a known userId, else a device id) joins the event's person. */
  async aliasEvent(tenantId: string, obs: Observation & { aliasFrom?: string }, settings: IdentitySettings): Promise<StitchOutcome> {
    const target = attributionRef(obs.ids);
    if (!obs.aliasFrom || !target) return this.observe(tenantId, { ...obs, mode: 'identify' }, settings);
    const asUser: IdentifierRef = { kind: 'user_id', value: obs.aliasFrom };
    const known = await this.repo.findIdentifiers(tenantId, [asUser]);
    const from: IdentifierRef = known.size ? asUser : { kind: 'anonymous_id', value: obs.aliasFrom };
    if (isBlocked(from.value, settings)) return this.observe(tenantId, { ...obs, blocked: [...obs.blocked, from] }, settings);
    const ids = [target, ...obs.ids.filter((r) => refKey(r) !== refKey(target))];
    if (!ids.some((r) => refKey(r) === refKey(from))) ids.push(from);
    return this.observe(tenantId, { ...obs, ids, into: target }, settings);
  }

  async #observe(tenantId: string, obs: Observation, settings: IdentitySettings): Promise<StitchOutcome> {
    if (obs.mode !== 'alias') {
      for (let attempt = 0; attempt < 5; attempt++) {
        const docs = await this.repo.findIdentifiers(tenantId, obs.ids);
        const owners = new Set([...docs.values()].map((d) => d.personId));
        // All known: nothing to merge when they share a person, and track events never merge.
        if (docs.size === obs.ids.length && (owners.size === 1 || obs.mode === 'track')) {
          const out = await this.#touchKnown(tenantId, obs, docs);
          if (out) return out;
          continue;
        }
        if (docs.size === 0 && obs.ids.length === 1) {
          const out = await this.#createSingle(tenantId, obs);
          if (out) return out;
          continue;
        }
        break;
      }
    }
    return this.repo.withTenantLock(tenantId, () => this.#shapeChange(tenantId, obs, settings));
  }

  /**
   * Path 1: activity (and identify traits) on the persons the identifiers already point at, one person lock at
   * a time. Null: the graph moved meanwhile, retry.
   */
  async #touchKnown(tenantId: string, obs: Observation, docs: Map<string, IdentifierDoc>): Promise<StitchOutcome | null> {
    const personId = docs.get(refKey(attributionRef(obs.ids)!))!.personId;
    const result: StitchOutcome = { personId, merges: [], conflicts: [], created: [] };
    const groups = new Map<string, IdentifierDoc[]>();
    for (const d of docs.values()) (groups.get(d.personId) ?? groups.set(d.personId, []).get(d.personId)!).push(d);
    for (const [owner, own] of groups) {
      const traits = owner === personId ? obs.traits : null;
      if (!traits && !own.some((d) => stale(d, obs))) continue;
      const ok = await this.repo.withPersonLock(tenantId, owner, async () => {
        const fresh = await this.repo.findIdentifiers(tenantId, own as IdentifierRef[]);
        if (fresh.size !== own.length || [...fresh.values()].some((d) => d.personId !== owner)) return false;
        const update: Record<string, unknown> = obs.noActivity ? {} : { $max: { lastSeenAt: obs.at }, $min: { firstSeenAt: obs.firstAt }, ...(obs.channel ? { $addToSet: { channels: obs.channel } } : {}) };
        if (traits || Object.keys(update).length) {
          // Under the person's lock nobody tombstones it meanwhile, so read-check-write is safe (and by `_id`).
          const person = await this.repo.person(tenantId, owner);
          if (!person || person.mergedInto) return false; // left by an interrupted merge: the locked path repairs it
          if (traits) update.$set = traitsSetPaths(traits, (person as { traits?: { other?: Record<string, unknown> } }).traits?.other);
          await this.repo.byId(this.repo.persons, owner, update);
        }
        await this.#touchIdentifiers(tenantId, [...fresh.values()], obs);
        return true;
      });
      if (!ok) return null;
    }
    return result;
  }

  /** Path 2: the first sighting of a single identifier. Null: another flow inserted it first. */
  async #createSingle(tenantId: string, obs: Observation): Promise<StitchOutcome | null> {
    const ref = obs.ids[0];
    const personId = newId('prs_');
    await this.repo.persons.create({
      _id: personId, tenantId, userId: ref.kind === 'user_id' ? ref.value : null, traits: storedTraits(obs.traits ?? {}),
      channels: obs.channel ? [obs.channel] : [], identifierCount: 1, firstSeenAt: obs.firstAt, lastSeenAt: obs.at, mergedInto: null,
    });
    try {
      await this.#insertIdentifier(tenantId, ref, personId, obs);
    } catch (err) {
      await this.repo.persons.deleteOne({ _id: personId }).setOptions({ crossTenant: true });
      if (err instanceof Replan) return null;
      throw err;
    }
    this.events.personCreated(tenantId, personId);
    return { personId, merges: [], conflicts: [], created: [personId] };
  }

  async #insertIdentifier(tenantId: string, ref: IdentifierRef, personId: string, obs: Observation): Promise<void> {
    const device = obs.device && isDeviceKind(ref.kind) ? obs.device : undefined;
    try {
      await this.repo.identifiers.create({
        _id: this.repo.identifierId(tenantId, ref), tenantId, kind: ref.kind, value: ref.value, personId, firstSeenAt: obs.firstAt, lastSeenAt: obs.at,
        channel: obs.channel, ...(device ? { device } : {}),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new Replan();
      throw err;
    }
    this.events.identified(tenantId, [refKey(ref)]);
  }

  async #touchIdentifiers(tenantId: string, docs: IdentifierDoc[], obs: Observation): Promise<void> {
    const todo = docs.filter((d) => stale(d, obs));
    if (!todo.length) return;
    await this.repo.identifiers.bulkWrite(todo.map((d) => ({ updateOne: { filter: { _id: d._id }, update: identifierActivity(d.kind, obs) } })), { ordered: false, crossTenant: true } as object);
  }

  /** Path 3, holding the tenant lock: lock the persons involved, check nothing moved, apply; re-plan if it did. */
  async #shapeChange(tenantId: string, obs: Observation, settings: IdentitySettings): Promise<StitchOutcome> {
    for (let attempt = 0; ; attempt++) {
      const locks = new LockSet(this.repo.ctx);
      const created: string[] = [];
      const publish: (() => void)[] = [];
      try {
        const docs = await this.repo.findIdentifiers(tenantId, obs.ids);
        await locks.acquire(...[...docs.values()].map((d) => personLockKey(tenantId, d.personId)));
        const fresh = await this.repo.findIdentifiers(tenantId, obs.ids);
        const moved = fresh.size !== docs.size || [...fresh].some(([k, d]) => docs.get(k)?.personId !== d.personId);
        if (moved) throw new Replan();
        const out = await this.#apply(tenantId, obs, settings, fresh, locks, created, publish);
        for (const p of publish) p();
        return out;
      } catch (err) {
        await this.#dropEmpty(tenantId, created);
        if (!(err instanceof Replan) || attempt >= MAX_REPLANS) throw err;
      } finally {
        await locks.releaseAll();
      }
    }
  }

  async #apply(
    tenantId: string, obs: Observation, settings: IdentitySettings, docs: Map<string, IdentifierDoc>, locks: LockSet, created: string[], publish: (() => void)[],
  ): Promise<StitchOutcome> {
    const { persons: Persons, identifiers: Identifiers } = this.repo;
    const personIds = [...new Set([...docs.values()].map((d) => d.personId))];
    const rows = (await Promise.all(personIds.map((id) => this.repo.person(tenantId, id)))).filter(Boolean);
    await this.#repair(tenantId, personIds, rows, locks);

    // What each involved person holds (kinds, userId): the rules need it.
    const held = await Identifiers.find({ tenantId, personId: { $in: personIds } }).select('kind value personId splitAt').lean<IdentifierDoc[]>();
    const state = new Map<string, PersonState>(rows.map((r) => [r._id, {
      id: r._id, userId: null, counts: {}, createdAt: new Date(r.createdAt ?? 0), traits: flatTraits(r.traits), channels: new Set(r.channels ?? []),
      firstSeenAt: r.firstSeenAt ?? null, lastSeenAt: r.lastSeenAt ?? null, dirty: false,
    } as PersonState]));
    for (const h of held) {
      const p = state.get(h.personId)!;
      p.counts[h.kind] = (p.counts[h.kind] ?? 0) + 1;
      if (h.kind === 'user_id') p.userId = h.value;
    }
    const owner = new Map([...docs].map(([k, d]) => [k, d.personId]));
    const merges: MergeRecordView[] = [];
    const conflicts: MergeRecordView[] = [];
    const cause = obs.mode === 'alias' ? 'alias' : 'identify';

    // Merges: identify/alias join the persons of their (linkable) identifiers, survivor first.
    let survivor: PersonState | undefined;
    if (obs.mode !== 'track') {
      const linked = [...docs.values()].filter((d) => isLinkable(d, obs));
      const candidates = [...new Set(linked.map((d) => d.personId))].map((id) => state.get(id)!);
      if (candidates.length) {
        const intoDoc = obs.into ? docs.get(refKey(obs.into)) : undefined;
        survivor = intoDoc && isLinkable(intoDoc, obs) ? state.get(intoDoc.personId)! : chooseSurvivor(candidates, settings.identifierPriority);
        for (const c of candidates) {
          if (c === survivor) continue;
          const links = linked.filter((d) => d.personId === c.id || d.personId === survivor!.id).map((d) => refKey(d as IdentifierRef));
          const rule = mergeRefusal(survivor, c, settings);
          if (rule) {
            const ids = rule === 'distinct_user_ids' ? [`user_id:${survivor.userId}`, `user_id:${c.userId}`, ...links] : links;
            conflicts.push(await this.repo.conflict(tenantId, { action: 'conflict', rule, fromPersonId: c.id, intoPersonId: survivor.id, identifiers: ids, cause, eventId: obs.eventId, actor: obs.actor }));
            continue;
          }
          merges.push(await this.#merge(tenantId, obs, c, survivor, held, publish));
          for (const [k, id] of owner) if (id === c.id) owner.set(k, survivor.id);
        }
        // An identify newer than a split re-merged a pinned identifier: the pin is spent.
        const unpinned = linked.filter((d) => d.splitAt && owner.get(refKey(d as IdentifierRef)) === survivor!.id).map((d) => d._id);
        for (const id of unpinned) await this.repo.byId(Identifiers, id, { $set: { splitAt: null, splitFrom: null } });
      }
    }

    // Unseen identifiers join the survivor (track: the event's person), unless a rule refuses: then their own person.
    const attribution = attributionRef(obs.ids.filter((r) => docs.has(refKey(r))));
    let target = survivor ?? (attribution ? state.get(owner.get(refKey(attribution))!) : undefined);
    for (const ref of obs.ids) {
      if (docs.has(refKey(ref))) continue;
      let into = target;
      const rule = into ? attachRefusal(into, ref, settings) : null;
      if (into && rule) {
        // The same identifiers a refused merge of these two would name: the userIds and the linking identifiers.
        const links = obs.ids.filter((r) => owner.get(refKey(r)) === into!.id).map(refKey);
        const ids = rule === 'distinct_user_ids' ? [`user_id:${into.userId}`, refKey(ref), ...links] : [refKey(ref)];
        conflicts.push(await this.repo.conflict(tenantId, { action: 'conflict', rule, fromPersonId: null, intoPersonId: into.id, identifiers: ids, cause, eventId: obs.eventId, actor: obs.actor }));
        into = undefined;
      }
      if (!into) {
        into = await this.#newPerson(tenantId, obs, locks, created);
        state.set(into.id, into);
        target ??= into;
      }
      await this.#insertIdentifier(tenantId, ref, into.id, obs);
      into.counts[ref.kind] = (into.counts[ref.kind] ?? 0) + 1;
      if (ref.kind === 'user_id') into.userId = ref.value;
      into.dirty = true;
      owner.set(refKey(ref), into.id);
      if (obs.mode === 'alias' && !created.includes(into.id)) {
        merges.push(await this.repo.record(tenantId, { action: 'merge', fromPersonId: null, intoPersonId: into.id, identifiers: [refKey(ref)], cause: 'alias', eventId: obs.eventId, actor: obs.actor }));
      }
    }

    await this.#touchIdentifiers(tenantId, [...docs.values()], obs);
    const eventPerson = state.get(owner.get(refKey(attributionRef(obs.ids)!))!)!;
    if (obs.traits) Object.assign(eventPerson.traits, obs.traits), (eventPerson.dirty = true);
    if (!obs.noActivity) {
      for (const id of new Set(owner.values())) {
        const p = state.get(id)!;
        if (obs.channel) p.channels.add(obs.channel);
        if (!p.firstSeenAt || obs.firstAt < p.firstSeenAt) p.firstSeenAt = obs.firstAt;
        if (!p.lastSeenAt || obs.at > p.lastSeenAt) p.lastSeenAt = obs.at;
        p.dirty = true;
      }
    }
    for (const p of state.values()) if (p.dirty) await this.#persist(p);
    for (const id of created) publish.push(() => this.events.personCreated(tenantId, id));
    return { personId: eventPerson.id, merges, conflicts, created: [...created] };
  }

  /**
   * `from` into `into`: tombstone first, then move the identifiers (and older tombstones), record it and
   * re-attribute the moved identifiers' events. The survivor's aggregates are written at once, so a re-plan
   * after this point loses nothing.
   */
  async #merge(tenantId: string, obs: Observation, from: PersonState, into: PersonState, held: IdentifierDoc[], publish: (() => void)[]): Promise<MergeRecordView> {
    const { persons: Persons, identifiers: Identifiers } = this.repo;
    await this.repo.byId(Persons, from.id, { $set: { mergedInto: into.id, identifierCount: 0 } });
    // `held` is every identifier of `from`: read under its lock, which every writer of its identifiers takes.
    const moved = held.filter((h) => h.personId === from.id);
    if (moved.length) await Identifiers.bulkWrite(moved.map((h) => ({ updateOne: { filter: { _id: h._id }, update: { $set: { personId: into.id } } } })), { ordered: false, crossTenant: true } as object);
    await Persons.updateMany({ tenantId, mergedInto: from.id }, { $set: { mergedInto: into.id } });
    for (const h of moved) h.personId = into.id;
    into.userId ??= from.userId;
    for (const [k, n] of Object.entries(from.counts)) into.counts[k] = (into.counts[k] ?? 0) + n;
    from.counts = {};
    from.dirty = false;
    into.traits = { ...from.traits, ...into.traits };
    for (const c of from.channels) into.channels.add(c);
    if (from.firstSeenAt && (!into.firstSeenAt || from.firstSeenAt < into.firstSeenAt)) into.firstSeenAt = from.firstSeenAt;
    if (from.lastSeenAt && (!into.lastSeenAt || from.lastSeenAt > into.lastSeenAt)) into.lastSeenAt = from.lastSeenAt;
    await this.#persist(into);
    const cause = obs.mode === 'alias' ? 'alias' : 'identify';
    const rec = await this.repo.record(tenantId, { action: 'merge', fromPersonId: from.id, intoPersonId: into.id, identifiers: keysOf(moved), cause, eventId: obs.eventId, actor: obs.actor });
    await this.repo.reattribute(tenantId, moved, into.id);
    const payload = { fromPersonId: from.id, intoPersonId: into.id, identifiers: keysOf(moved), cause };
    publish.push(() => this.events.merged(tenantId, payload));
    return rec;
  }

  /**
   * Writes a person's aggregates, whole, while holding its lock. The identifier count comes from the identifiers
   * read under the lock plus those attached since (nobody else adds identifiers to a locked person).
   */
  async #persist(p: PersonState): Promise<void> {
    const identifierCount = Object.values(p.counts).reduce((a, b) => a + b, 0);
    await this.repo.byId(this.repo.persons, p.id, {
      $set: { userId: p.userId, traits: storedTraits(p.traits), channels: [...p.channels], identifierCount, firstSeenAt: p.firstSeenAt, lastSeenAt: p.lastSeenAt },
    });
    p.dirty = false;
  }

  async #newPerson(tenantId: string, obs: Observation, locks: LockSet, created: string[]): Promise<PersonState> {
    const id = newId('prs_');
    await locks.acquire(personLockKey(tenantId, id));
    await this.repo.persons.create({ _id: id, tenantId, userId: null, channels: [], identifierCount: 0, firstSeenAt: obs.firstAt, lastSeenAt: obs.at, mergedInto: null });
    created.push(id);
    return { id, userId: null, counts: {}, createdAt: new Date(), traits: {}, channels: new Set(), firstSeenAt: obs.firstAt, lastSeenAt: obs.at, dirty: true };
  }

  /** Persons created by an attempt that re-plans or fails are removed again if nothing points at them. */
  async #dropEmpty(tenantId: string, created: string[]): Promise<void> {
    for (const id of created) {
      if ((await this.repo.identifiers.countDocuments({ tenantId, personId: id })) === 0) await this.repo.persons.deleteOne({ _id: id }).setOptions({ crossTenant: true });
    }
    created.length = 0;
  }

  /**
   * Identifiers pointing at a tombstone or a missing person (an interrupted merge or erasure): move them to the
   * live person (or recreate the person), then re-plan.
   */
  async #repair(tenantId: string, personIds: string[], rows: any[], locks: LockSet): Promise<void> {
    let repaired = false;
    for (const id of personIds) {
      const row = rows.find((r) => r._id === id);
      if (row && !row.mergedInto) continue;
      const live = row ? await this.repo.liveOf(tenantId, id) : null;
      if (live) {
        await locks.acquire(personLockKey(tenantId, live));
        await this.repo.identifiers.updateMany({ tenantId, personId: id }, { $set: { personId: live } });
      } else {
        await this.repo.persons.updateOne({ tenantId, _id: id }, { $set: { mergedInto: null }, $setOnInsert: { channels: [], identifierCount: 0 } }, { upsert: true });
      }
      repaired = true;
    }
    if (repaired) throw new Replan();
  }
}

