import type { UserRole, ApiKeyKind } from '../models/core-models.ts';

export type CachedCredential =
  | { kind: 'apiKey'; keyId: string; tenantId: string; keyKind: ApiKeyKind; lastUsedAt: number }
  | { kind: 'session'; sessionId: string; userId: string; tenantId: string; role: UserRole; platformRole: 'owner' | null; expiresAt: number };

export type Invalidation = { keyId: string } | { sessionId: string } | { userId: string } | { tenantId: string };

/**
 * Resolved credentials by token hash, so an authenticated request costs no store round trip. Entries live at
 * most `ttlMs`; revocations (logout, key revoke, role change, user delete) drop matching entries at once on
 * this instance and, through the event bus, on every other instance.
 */
export class CredentialCache {
  readonly #map = new Map<string, { value: CachedCredential; at: number }>();
  constructor(private readonly ttlMs = 10_000, private readonly max = 20_000) {}

  get(tokenHash: string): CachedCredential | undefined {
    const hit = this.#map.get(tokenHash);
    if (!hit) return undefined;
    if (Date.now() - hit.at > this.ttlMs) {
      this.#map.delete(tokenHash);
      return undefined;
    }
    return hit.value;
  }

  set(tokenHash: string, value: CachedCredential): void {
    if (this.#map.size >= this.max) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(tokenHash, { value, at: Date.now() });
  }

  invalidate(what: Invalidation): number {
    let dropped = 0;
    for (const [hash, { value }] of this.#map) {
      const hit = ('keyId' in what && value.kind === 'apiKey' && value.keyId === what.keyId)
        || ('sessionId' in what && value.kind === 'session' && value.sessionId === what.sessionId)
        || ('userId' in what && value.kind === 'session' && value.userId === what.userId)
        || ('tenantId' in what && value.tenantId === what.tenantId);
      if (hit) { this.#map.delete(hash); dropped++; }
    }
    return dropped;
  }
}
