import { timingSafeEqual } from 'node:crypto';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import { syncError } from '../errors.ts';

/** What a sync token proves: which device of which tenant it was minted for, and until when. */
export interface DeviceClaims {
  tenantId: string;
  anonymousId: string;
  deviceId: string;
  userId: string | null;
  channel: string | null;
  /** Seconds since the epoch. */
  exp: number;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const DOMAIN = 'sync-token';

/**
 * Device tokens: `base64url(JSON claims).<mac>`, the MAC being the tenant's keyed HMAC (`privacy.mac`, under the
 * tenant index key, domain-separated), so no extra secret is stored. A socket can only ever act for the device its token names.
 */
export class DeviceTokens {
  constructor(private readonly privacy: PrivacyApi) {}

  async mint(claims: DeviceClaims): Promise<string> {
    const body = b64(JSON.stringify({ v: 1, t: claims.tenantId, a: claims.anonymousId, d: claims.deviceId, u: claims.userId, c: claims.channel, exp: claims.exp }));
    return `${body}.${await this.#mac(claims.tenantId, body)}`;
  }

  /** The claims of a valid token of `tenantId`; SYNC_ERR_TOKEN_INVALID / SYNC_ERR_TOKEN_EXPIRED otherwise. */
  async verify(tenantId: string, token: string, nowMs = Date.now()): Promise<DeviceClaims> {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 2048) throw syncError('SYNC_ERR_TOKEN_INVALID', ['not a sync token']);
    const body = token.slice(0, dot);
    let raw: { v?: number; t?: string; a?: string; d?: string; u?: string | null; c?: string | null; exp?: number };
    try {
      raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw syncError('SYNC_ERR_TOKEN_INVALID', ['malformed']);
    }
    if (raw.v !== 1 || raw.t !== tenantId) throw syncError('SYNC_ERR_TOKEN_INVALID', ['minted for another tenant or version']);
    const expected = Buffer.from(await this.#mac(tenantId, body));
    const given = Buffer.from(token.slice(dot + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw syncError('SYNC_ERR_TOKEN_INVALID', ['bad signature']);
    if (typeof raw.exp !== 'number' || raw.exp * 1000 <= nowMs) throw syncError('SYNC_ERR_TOKEN_EXPIRED', [new Date((raw.exp ?? 0) * 1000).toISOString()]);
    return { tenantId, anonymousId: raw.a!, deviceId: raw.d!, userId: raw.u ?? null, channel: raw.c ?? null, exp: raw.exp };
  }

  async #mac(tenantId: string, body: string): Promise<string> {
    return this.privacy.mac(tenantId, DOMAIN, body);
  }
}
