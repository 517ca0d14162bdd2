import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../server/src/config/load-config.ts';
import { buildApp, type BuildOptions } from '../../server/src/app.ts';
import { seedIfEmpty, type SeedResult } from '../../server/src/bootstrap/seed.ts';
import { testConfig } from './env.ts';

export interface TestApp {
  app: FastifyInstance;
  config: AppConfig & { dbName: string };
  seed: SeedResult;
  /** Bearer headers of a logged-in user. */
  login(email: string, password: string): Promise<Record<string, string>>;
  ownerHeaders(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The real app (real FerretDB, real Redis) on a fresh database, exercised with inject(). */
export async function buildTestApp(overrides: Record<string, string> = {}, opts: BuildOptions = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await buildApp(config, { logger: false, serveConsole: false, ...opts });
  await app.ready();
  const seed = await seedIfEmpty(app.lockstep);
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    return { authorization: `Bearer ${res.json().token}` };
  };
  let owner: Record<string, string> | undefined;
  return {
    app, config, seed, login,
    ownerHeaders: async () => (owner ??= await login(config.LOCKSTEP_ADMIN_EMAIL, config.LOCKSTEP_ADMIN_PASSWORD!)),
    async close() {
      await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

/** Creates a user in the current tenant through the API and returns their auth headers. */
export async function userWithRole(t: TestApp, role: string, headers?: Record<string, string>): Promise<{ id: string; email: string; headers: Record<string, string> }> {
  const email = `${role.replace(/_/g, '-')}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const password = `${role}-password-1`;
  const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: headers ?? (await t.ownerHeaders()), payload: { email, name: role, role, password } });
  if (res.statusCode !== 201) throw new Error(`create ${role}: ${res.statusCode} ${res.body}`);
  return { id: res.json().id, email, headers: await t.login(email, password) };
}
