/**
 * @lockstep/sdk: the storefront client of Lockstep. Browser and Node; no dependencies.
 *
 *   import { createLockstep } from '@lockstep/sdk';
 *   const lockstep = createLockstep({ endpoint: 'https://api.example.com', publishableKey: 'pk_live_…', channel: 'web' });
 *   lockstep.page();
 *   lockstep.track('add_to_cart', { productId: 'sku-1', price: 19.9, currency: 'EUR', quantity: 1 });
 */
export { createLockstep, eventsUrl, Lockstep } from './client.ts';
export { MemoryStorage, defaultStorage } from './storage.ts';
export { uuid } from './uuid.ts';
export type * from './types.ts';
export type * from './sync/types.ts';
export type * from './sync/wire.ts';
