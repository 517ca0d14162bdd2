import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Model } from 'mongoose';
import { defineAbilityFor, type AppAbility, type Principal } from './ability.ts';
import { hashToken, isApiKey } from './tokens.ts';
import { assertTenantActive } from './tenant-status.ts';
import { coreError } from '../errors/app-error.ts';
import type { UserRole } from '../models/core-models.ts';
import type { CachedCredential, CredentialCache } from './credential-cache.ts';

export const SESSION_COOKIE = 'lockstep_session';
export const TENANT_HEADER = 'x-lockstep-tenant';

/** Route-level access declaration: every /api route declares `config.access` or `config.public: true`. */
export interface RouteAccess {
  action: string;
  subject: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    ability: AppAbility;
    /** Why a session cookie was ignored on a route that needs no credentials (expired, revoked …), if it was. */
    staleCredential: unknown;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    public?: boolean;
    /** Allow publishable keys (they are refused everywhere else). */
    publishable?: boolean;
    /**
     * Also accept a publishable key as `?key=` (navigator.sendBeacon cannot set headers). Secret keys are refused
     * there (URLs get logged); a key in the URL wins over a session cookie.
     */
    keyInQuery?: boolean;
  }
}

export interface AuthDeps {
  users: Model<any>;
  sessions: Model<any>;
  apiKeys: Model<any>;
  tenants: Model<any>;
  permissions: () => import('../core/plugin-contract.ts').PermissionDeclaration[];
  cache: CredentialCache;
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m) throw coreError('CORE_ERR_UNAUTHENTICATED', ['the Authorization header must be "Bearer <token>"']);
  return m[1];
}

/** The `?key=` of a route that allows it: publishable keys only, never together with an Authorization header. */
export function queryKey(request: FastifyRequest): string | undefined {
  if (!request.routeOptions.config?.keyInQuery) return undefined;
  const key = (request.query as { key?: unknown } | undefined)?.key;
  if (key === undefined) return undefined;
  if (typeof key !== 'string') throw coreError('CORE_ERR_VALIDATION', ['querystring.key must be given once']);
  if (key.startsWith('sk_')) throw coreError('CORE_ERR_SECRET_KEY_IN_URL');
  if (!key.startsWith('pk_')) throw coreError('CORE_ERR_INVALID_API_KEY');
  if (request.headers.authorization) throw coreError('CORE_ERR_VALIDATION', ['send the API key either as Authorization: Bearer <key> or as ?key=, not both']);
  return key;
}

async function credentialFor(token: string, deps: AuthDeps): Promise<CachedCredential> {
  const tokenHash = hashToken(token);
  const cached = deps.cache.get(tokenHash);
  if (cached) return cached;
  let cred: CachedCredential;
  if (isApiKey(token)) {
    const key = await deps.apiKeys.findOne({ keyHash: tokenHash }).setOptions({ crossTenant: true }).lean<{ _id: string; tenantId: string; kind: 'publishable' | 'secret'; revokedAt: Date | null; lastUsedAt: Date | null }>();
    if (!key) throw coreError('CORE_ERR_INVALID_API_KEY');
    if (key.revokedAt) throw coreError('CORE_ERR_API_KEY_REVOKED');
    cred = { kind: 'apiKey', keyId: key._id, tenantId: key.tenantId, keyKind: key.kind, lastUsedAt: key.lastUsedAt ? new Date(key.lastUsedAt).getTime() : 0 };
  } else {
    const session = await deps.sessions.findOne({ tokenHash }).setOptions({ crossTenant: true }).lean<{ _id: string; tenantId: string; userId: string; expiresAt: Date }>();
    if (!session || new Date(session.expiresAt).getTime() < Date.now()) throw coreError('CORE_ERR_SESSION_EXPIRED');
    const user = await deps.users.findOne({ _id: session.userId, tenantId: session.tenantId }).lean<{ _id: string; tenantId: string; role: UserRole; platformRole: 'owner' | null }>();
    if (!user) throw coreError('CORE_ERR_SESSION_EXPIRED');
    cred = { kind: 'session', sessionId: session._id, userId: user._id, tenantId: user.tenantId, role: user.role, platformRole: user.platformRole ?? null, expiresAt: new Date(session.expiresAt).getTime() };
  }
  // A suspended tenant's users and keys are refused (platform owners keep access to manage it).
  if (!(cred.kind === 'session' && cred.platformRole === 'owner')) await assertTenantActive(deps.tenants, cred.tenantId);
  deps.cache.set(tokenHash, cred);
  return cred;
}

async function resolvePrincipal(request: FastifyRequest, deps: AuthDeps): Promise<Principal | null> {
  const fromQuery = queryKey(request);
  const token = fromQuery ?? bearer(request) ?? request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const cred = await credentialFor(token, deps);
  if (fromQuery && (cred.kind !== 'apiKey' || cred.keyKind !== 'publishable')) throw coreError('CORE_ERR_SECRET_KEY_IN_URL');
  if (cred.kind === 'apiKey') {
    // Touch lastUsedAt at most once a minute per key, off the request path.
    if (Date.now() - cred.lastUsedAt > 60_000) {
      cred.lastUsedAt = Date.now();
      void deps.apiKeys.updateOne({ _id: cred.keyId, tenantId: cred.tenantId }, { $set: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
    return { kind: 'apiKey', keyId: cred.keyId, tenantId: cred.tenantId, keyKind: cred.keyKind };
  }
  if (cred.expiresAt < Date.now()) throw coreError('CORE_ERR_SESSION_EXPIRED');
  let tenantId = cred.tenantId;
  const asTenant = request.headers[TENANT_HEADER];
  if (typeof asTenant === 'string' && asTenant && asTenant !== tenantId) {
    if (cred.platformRole !== 'owner') throw coreError('CORE_ERR_TENANT_FORBIDDEN', [asTenant]);
    const exists = await deps.tenants.exists({ _id: asTenant });
    if (!exists) throw coreError('CORE_ERR_NOT_FOUND', [`Tenant ${asTenant}`]);
    tenantId = asTenant;
  }
  return { kind: 'user', userId: cred.userId, tenantId, homeTenantId: cred.tenantId, role: cred.role, platformRole: cred.platformRole, sessionId: cred.sessionId };
}

/**
 * Authentication (session cookie, bearer session token or API key) on every request, and authorization
 * from each route's `config.access`, checked against the CASL ability built once per request.
 * Boot fails if an /api route declares neither `access` nor `public`.
 */
export const authPlugin = fp<AuthDeps>(async (app: FastifyInstance, deps) => {
  app.decorateRequest('principal', null);
  app.decorateRequest('ability', null as unknown as AppAbility);
  app.decorateRequest('staleCredential', null);

  // Credential errors are raised one phase later (preParsing), after the route-level onRequest hooks: the rate
  // limiter then counts requests with unknown or revoked credentials against the caller's address, and keys
  // only verified API keys by key (made-up keys would otherwise each get a fresh budget).
  const authErrors = new WeakMap<FastifyRequest, unknown>();
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    request.ability = defineAbilityFor(null);
    if (request.routeOptions.config?.public && !request.headers.authorization && !request.cookies?.[SESSION_COOKIE]) return;
    let principal: Principal | null;
    try {
      principal = await resolvePrincipal(request, deps);
    } catch (err) {
      // A stale session cookie alone must not lock anyone out of pages that need no credentials (the console's
      // login page, /demo, logout): the request goes on anonymously. Explicit credentials still fail loudly.
      const cookieOnly = !request.headers.authorization && (request.query as { key?: unknown } | undefined)?.key === undefined;
      if (cookieOnly && !request.routeOptions.config?.access) {
        request.staleCredential = err;
        return;
      }
      authErrors.set(request, err);
      return;
    }
    request.principal = principal;
    request.ability = defineAbilityFor(principal, deps.permissions());
  });
  app.addHook('preParsing', async (request) => {
    if (authErrors.has(request)) throw authErrors.get(request);
  });

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; public?: boolean; publishable?: boolean };
    const url = route.url ?? route.path;
    if (config.public) return;
    if (!config.access) {
      if (url.startsWith('/api/')) throw new Error(`route ${route.method} ${url} declares neither config.access nor config.public`);
      return;
    }
    const { action, subject } = config.access;
    const check = async (request: FastifyRequest) => {
      const p = request.principal;
      if (!p) throw coreError('CORE_ERR_UNAUTHENTICATED', ['send a session cookie or Authorization: Bearer <token|key>']);
      if (p.kind === 'apiKey' && p.keyKind === 'publishable' && !config.publishable) {
        throw coreError('CORE_ERR_FORBIDDEN', ['publishable keys may only send events, open sync sockets and read recommendations or assignments']);
      }
      if (!request.ability.can(action, subject)) throw coreError('CORE_ERR_FORBIDDEN', [`${action} ${subject}`], { action, subject });
    };
    const existing = route.preHandler ? [route.preHandler].flat() : [];
    route.preHandler = [check, ...existing] as typeof route.preHandler;
  });
}, { name: 'lockstep-auth', dependencies: ['@fastify/cookie'] });
