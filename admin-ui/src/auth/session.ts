import type { RawRuleOf, MongoAbility } from '@casl/ability';
import { httpClient } from '../dataProvider/http';
import type { Role } from '../types';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  platformRole: 'owner' | null;
}

export interface Session {
  user: SessionUser;
  tenant: { id: string; name: string; slug: string };
  rules: RawRuleOf<MongoAbility>[];
}

let current: Promise<Session> | null = null;

/** The signed-in session, from `GET /api/auth/me` once, then from memory until login/logout/401. */
export function getSession(): Promise<Session> {
  if (!current) {
    const pending = httpClient('/api/auth/me').then(({ json }) => pick(json as Session));
    current = pending;
    pending.catch(() => {
      if (current === pending) current = null;
    });
  }
  return current;
}

export function setSession(session: Session): void {
  current = Promise.resolve(pick(session));
}

export function clearSession(): void {
  current = null;
}

function pick({ user, tenant, rules }: Session): Session {
  return { user, tenant, rules: rules ?? [] };
}
