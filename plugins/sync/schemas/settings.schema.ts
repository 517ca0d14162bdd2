import { Type, type Static } from 'typebox';

/** How an anonymous device's cart joins the person's cart when it logs in (or any identity merge). */
export const ANONYMOUS_CART_POLICIES = ['merge', 'replace', 'keep_newest'] as const;
export type AnonymousCartPolicy = (typeof ANONYMOUS_CART_POLICIES)[number];

/** Per-tenant settings merchants tune in the console (Sync → Settings). */
export const SyncSettingsSchema = Type.Object({
  anonymousCartPolicy: Type.Union(ANONYMOUS_CART_POLICIES.map((p) => Type.Literal(p)), {
    default: 'merge',
    description: 'merge: union of both carts (quantities of the same line add up); replace: the cart of the device that just logged in replaces the person\'s cart; keep_newest: the cart edited most recently wins whole',
  }),
  opLogRetention: Type.Integer({ minimum: 50, maximum: 10_000, default: 1000, description: 'Commits kept per person in the op log (the console\'s history; resume uses the newest 100)' }),
  maxOpsPerSecond: Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Ops per second one connection may send (token bucket, burst twice that)' }),
  tokenTtlMinutes: Type.Integer({ minimum: 5, maximum: 43_200, default: 1440, description: 'Lifetime of a device\'s sync token' }),
  userIdNeedsSecretKey: Type.Boolean({ default: false, description: 'Only tokens minted with a secret key (your backend) may name a userId' }),
}, { additionalProperties: false });
export type SyncSettings = Static<typeof SyncSettingsSchema>;
