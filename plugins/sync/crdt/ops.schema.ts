// The operations a device sends. TypeBox schemas so the transport validates them with the same source as the types.
import { Type, type Static } from 'typebox';
import { HLC_PATTERN, NODE_PATTERN } from './hlc.ts';

const Id = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' });
/** Op ids a remove (or a quantity set) has observed: the add-tags it cancels. */
const Observed = Type.Array(Id, { maxItems: 1000 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
const Quantity = Type.Integer({ minimum: 1, maximum: 10_000 });
/** Fields every op carries. `opId` must be globally unique (e.g. `<deviceId>:<counter>` or a UUID). */
const Envelope = {
  opId: Id,
  hlc: Type.String({ pattern: HLC_PATTERN, description: 'encodeHlc() of the issuing clock' }),
  deviceId: Type.String({ pattern: NODE_PATTERN }),
};
const Line = { productId: Id, variantId: Type.Optional(Id) };
const strict = { additionalProperties: false } as const;

export const CartAddOp = Type.Object({
  ...Envelope, kind: Type.Literal('cart.add'), ...Line, quantity: Quantity,
  priceSeen: Type.Optional(Type.Number({ minimum: 0 })), currency: Type.Optional(Currency),
}, strict);
/** Sets the quantity, overriding the line contributions listed in `observed` (adds it did not observe still count). */
export const CartSetQuantityOp = Type.Object({ ...Envelope, kind: Type.Literal('cart.setQuantity'), ...Line, quantity: Quantity, observed: Observed }, strict);
/** Removes the line contributions listed in `observed`; a concurrent add keeps the line. */
export const CartRemoveOp = Type.Object({ ...Envelope, kind: Type.Literal('cart.remove'), ...Line, observed: Observed }, strict);
export const WishlistAddOp = Type.Object({ ...Envelope, kind: Type.Literal('wishlist.add'), productId: Id }, strict);
export const WishlistRemoveOp = Type.Object({ ...Envelope, kind: Type.Literal('wishlist.remove'), productId: Id, observed: Observed }, strict);
export const ViewedAddOp = Type.Object({ ...Envelope, kind: Type.Literal('viewed.add'), productId: Id }, strict);

const prefVariant = <K extends string, V extends ReturnType<typeof Type.String>>(key: K, value: V) =>
  Type.Object({ ...Envelope, kind: Type.Literal('pref.set'), key: Type.Literal(key), value }, strict);
export const PrefSetOp = Type.Union([
  prefVariant('currency', Currency),
  prefVariant('language', Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 tag' })),
  prefVariant('size', Type.String({ minLength: 1, maxLength: 32 })),
  prefVariant('store', Type.String({ minLength: 1, maxLength: 64 })),
]);
export const PREF_KEYS = ['currency', 'language', 'size', 'store'] as const;
export type PrefKey = (typeof PREF_KEYS)[number];

/** "Continue where you left off" of the issuing `deviceId`; absent fields are left as they are, null clears one. */
export const ResumeSetOp = Type.Object({
  ...Envelope, kind: Type.Literal('resume.set'),
  checkoutStep: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  lastProductId: Type.Optional(Type.Union([Id, Type.Null()])),
}, strict);

export const SyncOp = Type.Union([CartAddOp, CartSetQuantityOp, CartRemoveOp, WishlistAddOp, WishlistRemoveOp, ViewedAddOp, PrefSetOp, ResumeSetOp]);
export type SyncOp = Static<typeof SyncOp>;
export type CartAddOp = Static<typeof CartAddOp>;
export type CartSetQuantityOp = Static<typeof CartSetQuantityOp>;
export type CartRemoveOp = Static<typeof CartRemoveOp>;
export type WishlistAddOp = Static<typeof WishlistAddOp>;
export type WishlistRemoveOp = Static<typeof WishlistRemoveOp>;
export type ViewedAddOp = Static<typeof ViewedAddOp>;
export type PrefSetOp = Static<typeof PrefSetOp>;
export type ResumeSetOp = Static<typeof ResumeSetOp>;
export type SyncOpKind = SyncOp['kind'];
