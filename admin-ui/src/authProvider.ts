import type { AuthProvider, UserIdentity } from 'react-admin';
import { httpClient } from './dataProvider/http';
import { buildAbility, canAccessResource, type LockstepAbility } from './auth/ability';
import { clearSession, getSession, setSession, type Session } from './auth/session';

export { AbilityProvider } from './auth/AbilityProvider';

const abilities = new WeakMap<Session, LockstepAbility>();

async function currentAbility(): Promise<{ ability: LockstepAbility; session: Session }> {
  const session = await getSession();
  let ability = abilities.get(session);
  if (!ability) {
    ability = buildAbility(session.rules);
    abilities.set(session, ability);
  }
  return { ability, session };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
}

export const authProvider: AuthProvider = {
  async login({ username, email, password }: { username?: string; email?: string; password: string }) {
    const { json } = await httpClient('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: email ?? username, password }),
    });
    setSession(json as Session);
  },

  async logout() {
    clearSession();
    await httpClient('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  },

  async checkAuth() {
    try {
      await getSession();
    } catch (error) {
      // Not signed in yet is the normal way into the console: go to the login page without an error toast.
      throw statusOf(error) === 401 ? { message: false } : error;
    }
  },

  async checkError(error) {
    if (statusOf(error) === 401) {
      clearSession();
      throw error;
    }
    // 403 and the rest: stay signed in and let the page show the server's message.
  },

  async getIdentity(): Promise<UserIdentity> {
    const { user, tenant } = await getSession();
    return { id: user.id, fullName: user.name || user.email, email: user.email, role: user.role, tenant };
  },

  async getPermissions() {
    const { rules } = await getSession();
    return rules;
  },

  async canAccess({ action, resource }) {
    const { ability, session } = await currentAbility();
    return canAccessResource(ability, action, resource, session.user.platformRole === 'owner');
  },
};
