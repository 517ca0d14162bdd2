import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterFields } from './filter';
import type { InventoryField } from './types';

const field = (over: Partial<InventoryField>): InventoryField => ({
  id: `${over.collection ?? 'c'}.${over.field ?? 'f'}`, owner: 'core', ownerKind: 'core', model: 'M', collection: 'c', field: 'f', category: 'email', purposes: ['necessary'],
  encryptedByDefault: true, encrypted: true, blindIndex: false, encryptReason: null, retention: null, ...over,
});

test('filters by text (owner, collection, field, model), category and clear-only', () => {
  const fields = [
    field({ owner: 'identity', collection: 'identity_persons', field: 'traits.email' }),
    field({ collection: 'core_users', field: 'email', encrypted: false, encryptReason: 'login' }),
    field({ collection: 'core_events', field: 'userId', category: 'identifier', encrypted: null }),
  ];
  const ids = (f: Parameters<typeof filterFields>[1]) => filterFields(fields, f).map((x) => x.id);
  assert.deepEqual(ids({ q: '', category: null, clearOnly: false }).length, 3);
  assert.deepEqual(ids({ q: 'IDENTITY', category: null, clearOnly: false }), ['identity_persons.traits.email']);
  assert.deepEqual(ids({ q: '', category: 'identifier', clearOnly: false }), ['core_events.userId']);
  assert.deepEqual(ids({ q: 'core', category: null, clearOnly: true }), ['core_users.email', 'core_events.userId']);
});
