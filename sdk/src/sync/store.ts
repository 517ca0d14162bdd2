import { emptyState } from '../../../plugins/sync/crdt/state.ts';
import type { StorageLike } from '../types.ts';
import { uuid } from '../uuid.ts';
import { ID_PATTERN, type CatalogFacts, type SyncOp, type SyncState } from './wire.ts';

/** What a device keeps between page loads: the server's state it last saw, its unacknowledged ops and its clock. */
export interface SyncDoc {
  /** Where the state lives on the server (`p:<personId>` / `a:<anonymousId>`); null before the first token. */
  personKey: string | null;
  /** The person's state as of `lastSeq` (plus acknowledged ops of later commits). */
  base: SyncState;
  lastSeq: number;
  /** Highest commit seq an ack named (a digest is only sent once lastSeq caught up with it). */
  ackSeq: number;
  /** Ops made here and not acknowledged yet, oldest first. */
  pending: SyncOp[];
  /** encodeHlc of the device clock. */
  clock: string | null;
  catalog: CatalogFacts;
}

/** A sync token and the identity it was minted for. */
export interface SyncTokenRecord {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms: when to get the next one. */
  refreshAt: number;
  personKey: string;
  anonymousId: string;
  userId: string | null;
  deviceId: string;
}

export function emptyDoc(): SyncDoc {
  return { personKey: null, base: emptyState(), lastSeq: 0, ackSeq: 0, pending: [], clock: null, catalog: {} };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The sync state in a StorageLike (localStorage in browsers): `<prefix>.sync` (the document), `<prefix>.sync.token`,
 * `<prefix>.sync.deviceId`. Tabs of one shop share the document: a write keeps the pending ops another tab stored
 * (same person) that this one never held, and hands them back so this tab shows and sends them too.
 */
export class SyncStore {
  private readonly docKey: string;
  private readonly tokenKey: string;
  private readonly deviceKey: string;

  constructor(private readonly storage: StorageLike, prefix: string, private readonly onError: (op: 'read' | 'write', err: unknown) => void) {
    this.docKey = `${prefix}.sync`;
    this.tokenKey = `${prefix}.sync.token`;
    this.deviceKey = `${prefix}.sync.deviceId`;
  }

  /** The configured deviceId when it fits the op schema, else one made once per storage. */
  deviceId(configured?: string): string {
    if (configured && ID_PATTERN.test(configured)) return configured;
    const stored = this.get(this.deviceKey);
    if (stored && ID_PATTERN.test(stored)) return stored;
    const made = `d-${uuid()}`;
    this.set(this.deviceKey, made);
    return made;
  }

  /** A new SDK-made deviceId (logout: the next anonymous session must not be linked to the person through it). */
  renewDeviceId(): string {
    const made = `d-${uuid()}`;
    this.set(this.deviceKey, made);
    return made;
  }

  load(): SyncDoc {
    const raw = this.get(this.docKey);
    if (!raw) return emptyDoc();
    try {
      const d = JSON.parse(raw) as unknown;
      if (!isObj(d) || d.v !== 1 || !isObj(d.base)) return emptyDoc();
      const base = d.base as Partial<SyncState>;
      return {
        personKey: typeof d.personKey === 'string' ? d.personKey : null,
        base: { ...emptyState(), ...base } as SyncState,
        lastSeq: isSeq(d.lastSeq) ? d.lastSeq : 0,
        ackSeq: isSeq(d.ackSeq) ? d.ackSeq : 0,
        pending: Array.isArray(d.pending) ? (d.pending as SyncOp[]).filter((o) => isObj(o) && typeof o.opId === 'string' && typeof o.kind === 'string') : [],
        clock: typeof d.clock === 'string' ? d.clock : null,
        catalog: isObj(d.catalog) ? (d.catalog as CatalogFacts) : {},
      };
    } catch {
      return emptyDoc(); // corrupt: start afresh (the server has the person's state)
    }
  }

  /**
   * Writes the document. Pending ops of the same person found in storage that this tab never held (`known` says
   * which it did) are kept, and returned so the caller adopts them.
   */
  save(doc: SyncDoc, known: (opId: string) => boolean): SyncOp[] {
    let foreign: SyncOp[] = [];
    const current = this.get(this.docKey);
    if (current && doc.personKey) {
      try {
        const d = JSON.parse(current) as { personKey?: unknown; pending?: unknown };
        if (d.personKey === doc.personKey && Array.isArray(d.pending)) {
          const mine = new Set(doc.pending.map((o) => o.opId));
          foreign = (d.pending as SyncOp[]).filter((o) => isObj(o) && typeof o.opId === 'string' && !mine.has(o.opId) && !known(o.opId));
        }
      } catch {
        // corrupt: overwritten below
      }
    }
    const pending = foreign.length ? [...doc.pending, ...foreign] : doc.pending;
    this.set(this.docKey, JSON.stringify({ v: 1, ...doc, pending }));
    return foreign;
  }

  clear(): void {
    this.del(this.docKey);
  }

  loadToken(): SyncTokenRecord | null {
    const raw = this.get(this.tokenKey);
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as Partial<SyncTokenRecord>;
      if (typeof t.token !== 'string' || typeof t.expiresAt !== 'number' || typeof t.personKey !== 'string' || typeof t.anonymousId !== 'string' || typeof t.deviceId !== 'string') return null;
      return { token: t.token, expiresAt: t.expiresAt, refreshAt: typeof t.refreshAt === 'number' ? t.refreshAt : t.expiresAt - 60_000, personKey: t.personKey, anonymousId: t.anonymousId, userId: typeof t.userId === 'string' ? t.userId : null, deviceId: t.deviceId };
    } catch {
      return null;
    }
  }

  saveToken(record: SyncTokenRecord | null): void {
    if (record) this.set(this.tokenKey, JSON.stringify(record));
    else this.del(this.tokenKey);
  }

  private get(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch (err) {
      this.onError('read', err);
      return null;
    }
  }

  private set(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch (err) {
      this.onError('write', err);
    }
  }

  private del(key: string): void {
    try {
      this.storage.removeItem(key);
    } catch (err) {
      this.onError('write', err);
    }
  }
}
