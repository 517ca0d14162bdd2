import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyKind } from '../models/core-models.ts';

/** Secrets are stored only as SHA-256 hashes: high-entropy tokens need no slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newSessionToken(): string {
  return `lss_${randomBytes(32).toString('base64url')}`;
}

export const API_KEY_PATTERN = /^(pk|sk)_(live|test)_[A-Za-z0-9_-]{24,120}$|^pk_[A-Za-z0-9_]{16,120}$/;

export function newApiKey(kind: ApiKeyKind): string {
  return `${kind === 'publishable' ? 'pk' : 'sk'}_live_${randomBytes(24).toString('base64url')}`;
}

/** What the console shows of a key: its type and first characters. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 12)}…`;
}

export function isApiKey(token: string): boolean {
  return token.startsWith('pk_') || token.startsWith('sk_');
}
