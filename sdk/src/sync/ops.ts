// Builders of the ops a device issues, with the checks of the server's op schema (so a bad call is refused at once,
// not nacked later) and the `observed` lists the merge rules need (plugins/sync/crdt/README.md). Pure.
import { lineKey, own } from '../../../plugins/sync/crdt/state.ts';
import { ID_PATTERN, type OpEnvelope, type PrefKey, type SyncOp, type SyncState } from './wire.ts';

/** An op, or why the call was refused. */
export type Built = { ok: true; op: SyncOp } | { ok: false; message: string };

const CURRENCY = /^[A-Z]{3}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const MAX_QUANTITY = 10_000;
/** The op schema's bound on `observed`. */
const MAX_OBSERVED = 1000;
export const PREF_KEYS: readonly PrefKey[] = ['currency', 'language', 'size', 'store'];

const fail = (message: string): Built => ({ ok: false, message });
const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v);

function checkId(what: string, v: unknown): string | null {
  return isId(v) ? null : `${what} must be 1–128 characters of A–Z a–z 0–9 _ . : - (got ${JSON.stringify(v)})`;
}

function checkQuantity(q: unknown): string | null {
  return typeof q === 'number' && Number.isInteger(q) && q >= 1 && q <= MAX_QUANTITY ? null : `quantity must be an integer from 1 to ${MAX_QUANTITY} (got ${JSON.stringify(q)})`;
}

/** Every contribution op id of the line in `state` (base + pending): what a set or a remove overrides. */
export function lineObserved(state: SyncState, productId: string, variantId?: string | null): string[] {
  const line = own(state.cart, lineKey(productId, variantId ?? null));
  return line ? Object.keys(line.contributions).sort() : [];
}

/** Every add tag of the product's wishlist entry in `state`. */
export function wishlistObserved(state: SyncState, productId: string): string[] {
  const entry = own(state.wishlist, productId);
  return entry ? Object.keys(entry.adds).sort() : [];
}

/** Whether the line / product is present (has a contribution / add that no remove observed). */
function lineLive(state: SyncState, productId: string, variantId?: string | null): boolean {
  const line = own(state.cart, lineKey(productId, variantId ?? null));
  return !!line && Object.keys(line.contributions).some((id) => !Object.hasOwn(line.removed, id));
}
function wishLive(state: SyncState, productId: string): boolean {
  const entry = own(state.wishlist, productId);
  return !!entry && Object.keys(entry.adds).some((id) => !Object.hasOwn(entry.removed, id));
}

function observedTooLong(observed: string[]): string | null {
  return observed.length > MAX_OBSERVED ? `this line has ${observed.length} contributions, more than one op may name (${MAX_OBSERVED})` : null;
}

export function cartAdd(env: () => OpEnvelope, productId: string, o: { variantId?: string; quantity?: number; price?: number; currency?: string } = {}): Built {
  const quantity = o.quantity ?? 1;
  const problem = checkId('productId', productId) ?? (o.variantId !== undefined ? checkId('variantId', o.variantId) : null) ?? checkQuantity(quantity)
    ?? (o.price !== undefined && !(typeof o.price === 'number' && Number.isFinite(o.price) && o.price >= 0) ? `price must be a number ≥ 0 (got ${JSON.stringify(o.price)})` : null)
    ?? (o.currency !== undefined && !(typeof o.currency === 'string' && CURRENCY.test(o.currency)) ? `currency must be an ISO 4217 code such as "EUR" (got ${JSON.stringify(o.currency)})` : null);
  if (problem) return fail(`cart.add: ${problem}`);
  return {
    ok: true,
    op: {
      ...env(), kind: 'cart.add', productId, ...(o.variantId !== undefined ? { variantId: o.variantId } : {}), quantity,
      ...(o.price !== undefined ? { priceSeen: o.price } : {}), ...(o.currency !== undefined ? { currency: o.currency } : {}),
    },
  };
}

export function cartSetQuantity(env: () => OpEnvelope, state: SyncState, productId: string, quantity: number, variantId?: string): Built {
  const problem = checkId('productId', productId) ?? (variantId !== undefined ? checkId('variantId', variantId) : null) ?? checkQuantity(quantity);
  if (problem) return fail(`cart.setQuantity: ${problem}`);
  const observed = lineObserved(state, productId, variantId);
  const tooLong = observedTooLong(observed);
  if (tooLong) return fail(`cart.setQuantity: ${tooLong}`);
  return { ok: true, op: { ...env(), kind: 'cart.setQuantity', productId, ...(variantId !== undefined ? { variantId } : {}), quantity, observed } };
}

/** Null (nothing to do) when the line is not in the cart as the device sees it. */
export function cartRemove(env: () => OpEnvelope, state: SyncState, productId: string, variantId?: string): Built | null {
  const problem = checkId('productId', productId) ?? (variantId !== undefined ? checkId('variantId', variantId) : null);
  if (problem) return fail(`cart.remove: ${problem}`);
  if (!lineLive(state, productId, variantId)) return null;
  const observed = lineObserved(state, productId, variantId);
  const tooLong = observedTooLong(observed);
  if (tooLong) return fail(`cart.remove: ${tooLong}`);
  return { ok: true, op: { ...env(), kind: 'cart.remove', productId, ...(variantId !== undefined ? { variantId } : {}), observed } };
}

export function wishlistAdd(env: () => OpEnvelope, productId: string): Built {
  const problem = checkId('productId', productId);
  return problem ? fail(`wishlist.add: ${problem}`) : { ok: true, op: { ...env(), kind: 'wishlist.add', productId } };
}

/** Null when the product is not in the wishlist as the device sees it. */
export function wishlistRemove(env: () => OpEnvelope, state: SyncState, productId: string): Built | null {
  const problem = checkId('productId', productId);
  if (problem) return fail(`wishlist.remove: ${problem}`);
  if (!wishLive(state, productId)) return null;
  const observed = wishlistObserved(state, productId);
  const tooLong = observedTooLong(observed);
  if (tooLong) return fail(`wishlist.remove: ${tooLong}`);
  return { ok: true, op: { ...env(), kind: 'wishlist.remove', productId, observed } };
}

export function viewed(env: () => OpEnvelope, productId: string): Built {
  const problem = checkId('productId', productId);
  return problem ? fail(`viewed: ${problem}`) : { ok: true, op: { ...env(), kind: 'viewed.add', productId } };
}

export function prefSet(env: () => OpEnvelope, key: PrefKey, value: string): Built {
  if (!PREF_KEYS.includes(key)) return fail(`setPreference: key must be one of ${PREF_KEYS.join(', ')} (got ${JSON.stringify(key)})`);
  if (typeof value !== 'string') return fail(`setPreference: ${key} must be a string`);
  const ok = key === 'currency' ? CURRENCY.test(value)
    : key === 'language' ? LANGUAGE.test(value)
      : value.length >= 1 && value.length <= (key === 'size' ? 32 : 64);
  if (!ok) {
    const expected = key === 'currency' ? 'an ISO 4217 code such as "EUR"' : key === 'language' ? 'a BCP 47 tag such as "fr-FR"' : `1–${key === 'size' ? 32 : 64} characters`;
    return fail(`setPreference: ${key} must be ${expected} (got ${JSON.stringify(value)})`);
  }
  return { ok: true, op: { ...env(), kind: 'pref.set', key, value } as SyncOp };
}

export function resumeSet(env: () => OpEnvelope, fields: { checkoutStep?: string | null; lastProductId?: string | null }): Built {
  if (!fields || typeof fields !== 'object') return fail('resume: pass {checkoutStep?, lastProductId?}');
  const { checkoutStep, lastProductId } = fields;
  if (checkoutStep === undefined && lastProductId === undefined) return fail('resume: give checkoutStep and/or lastProductId (null clears one)');
  if (checkoutStep !== undefined && checkoutStep !== null && !(typeof checkoutStep === 'string' && checkoutStep.length >= 1 && checkoutStep.length <= 64)) {
    return fail(`resume: checkoutStep must be 1–64 characters or null (got ${JSON.stringify(checkoutStep)})`);
  }
  if (lastProductId !== undefined && lastProductId !== null) {
    const problem = checkId('lastProductId', lastProductId);
    if (problem) return fail(`resume: ${problem}`);
  }
  return {
    ok: true,
    op: {
      ...env(), kind: 'resume.set',
      ...(checkoutStep !== undefined ? { checkoutStep } : {}), ...(lastProductId !== undefined ? { lastProductId } : {}),
    },
  };
}
