import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../auth/auth.plugin.ts';
import { defineAbilityFor } from '../auth/ability.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/password.ts';
import { assertTenantActive } from '../auth/tenant-status.ts';
import { coreError } from '../errors/app-error.ts';
import { errors } from '../schemas/common.ts';

export const UserOut = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(),
  platformRole: Type.Union([Type.Literal('owner'), Type.Null()]),
});
const TenantOut = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });
const Rule = Type.Object({
  action: Type.Union([Type.String(), Type.Array(Type.String())]),
  subject: Type.Union([Type.String(), Type.Array(Type.String())]),
  conditions: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  inverted: Type.Optional(Type.Boolean()),
  fields: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
});
const Me = Type.Object({ user: UserOut, tenant: TenantOut, rules: Type.Array(Rule) });
const LoginBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { models, throttle, config, host } = app.lockstep;

  const describe = async (userId: string, tenantId: string, homeTenantId: string) => {
    const [user, tenant] = await Promise.all([
      models.User.findOne({ _id: userId, tenantId: homeTenantId }).lean<any>(),
      models.Tenant.findById(tenantId).lean<any>(),
    ]);
    if (!user || !tenant) throw coreError('CORE_ERR_SESSION_EXPIRED');
    const ability = defineAbilityFor({ kind: 'user', userId, tenantId, homeTenantId, role: user.role, platformRole: user.platformRole ?? null, sessionId: '' }, host.permissions());
    return {
      user: { id: user._id, email: user.email, name: user.name ?? '', role: user.role, platformRole: user.platformRole ?? null },
      tenant: { id: tenant._id, name: tenant.name, slug: tenant.slug },
      rules: ability.rules as any[],
    };
  };

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: 30, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'], summary: 'Log in a console user', body: LoginBody,
      response: { 200: Type.Intersect([Me, Type.Object({ token: Type.String(), expiresAt: Type.String() })]), ...errors(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const wait = await throttle.retryAfter(email);
    if (wait > 0) throw coreError('CORE_ERR_LOGIN_LOCKED', [wait], { retryAfterSeconds: wait });
    const user = await models.User.findOne({ email: email.toLowerCase() }).setOptions({ crossTenant: true }).select('+passwordHash').lean<any>();
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) {
      const locked = await throttle.fail(email);
      if (locked) throw coreError('CORE_ERR_LOGIN_LOCKED', [locked], { retryAfterSeconds: locked });
      throw coreError('CORE_ERR_INVALID_CREDENTIALS');
    }
    await throttle.succeed(email);
    if (user.platformRole !== 'owner') await assertTenantActive(models.Tenant, user.tenantId);
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + config.SESSION_TTL_SECONDS * 1000);
    await models.Session.create({ tenantId: user.tenantId, userId: user._id, tokenHash: hashToken(token), expiresAt, ip: null });
    await models.User.updateOne({ _id: user._id, tenantId: user.tenantId }, { $set: { lastLoginAt: new Date() } });
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/', expires: expiresAt,
    });
    return { ...(await describe(user._id, user.tenantId, user.tenantId)), token, expiresAt: expiresAt.toISOString() };
  });

  app.post('/api/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind === 'user') {
      await models.Session.deleteOne({ _id: p.sessionId, tenantId: p.homeTenantId });
      await app.lockstep.invalidateCredentials({ sessionId: p.sessionId });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'The logged-in user, tenant and CASL rules for the console', response: { 200: Me, ...errors(401) } },
  }, async (request) => {
    const p = request.principal;
    if (!p) throw (request.staleCredential ?? coreError('CORE_ERR_UNAUTHENTICATED', ['log in first']));
    if (p.kind !== 'user') throw coreError('CORE_ERR_FORBIDDEN', ['API keys have no console identity']);
    return describe(p.userId, p.tenantId, p.homeTenantId);
  });
}
