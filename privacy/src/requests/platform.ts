import type { PlatformAccess, PluginContext } from '../../../server/src/core/plugin-contract.ts';

/** The privacy plugin's view of the whole platform (it is `required`, so the host hands it `platform`). */
export function platformOf(ctx: PluginContext): PlatformAccess {
  if (!ctx.platform) throw new Error(`plugin "${ctx.name}" has no platform access (only required plugins do)`);
  return ctx.platform;
}

/** An identifier as the identity graph names it. */
export interface GraphRef { kind: string; value: string }

/**
 * What data-subject requests use of the identity plugin's API, checked at run time (the privacy plugin does not
 * depend on identity: without it, requests work from the identifier given and the core's events).
 */
export interface IdentityForRequests {
  resolve(tenantId: string, ref: GraphRef): Promise<string | null>;
  identifiersOf(tenantId: string, personId: string): Promise<GraphRef[]>;
  personsByEmail?(tenantId: string, email: string): Promise<string[]>;
  rectify?(tenantId: string, personId: string, traits: Record<string, unknown>): Promise<{ personId: string; fields: string[] }>;
}

export function identityOf(ctx: PluginContext): IdentityForRequests | null {
  const p = platformOf(ctx).plugins().find((x) => x.name === 'identity');
  const api = p?.api as Partial<IdentityForRequests> | undefined;
  return api && typeof api.resolve === 'function' && typeof api.identifiersOf === 'function' ? (api as IdentityForRequests) : null;
}
