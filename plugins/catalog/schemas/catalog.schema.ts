import { Type, type Static } from 'typebox';
import { CHANNEL_KINDS } from '../constants.ts';

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
export const ProductFields = {
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  price: Type.Number({ minimum: 0 }),
  currency: Currency,
  channels: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  stock: Type.Optional(Type.Integer({ minimum: 0 })),
};
export const ProductCreate = Type.Object(ProductFields, { additionalProperties: false });
export type ProductCreate = Static<typeof ProductCreate>;
export const ProductUpdate = Type.Partial(Type.Object(ProductFields), { additionalProperties: true });
export const ProductRecord = Type.Object({
  id: Type.String(), sku: Type.String(), title: Type.String(), description: Type.String(), price: Type.Number(), currency: Type.String(),
  channels: Type.Array(Type.String()), stock: Type.Number(), updatedAt: Type.String(),
});
/** A product as the API answers it; the console and the demo shop use this type too. */
export type ProductRecord = Static<typeof ProductRecord>;

const ChannelFields = {
  key: Type.String({ pattern: '^[a-z0-9_-]{2,40}$' }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Type.Enum([...CHANNEL_KINDS]),
};
export const ChannelCreate = Type.Object(ChannelFields, { additionalProperties: false });
export const ChannelUpdate = Type.Partial(Type.Object({ name: ChannelFields.name, kind: ChannelFields.kind }), { additionalProperties: true });
export const ChannelRecord = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String(), kind: Type.String() });

export const ImportCreate = Type.Object({
  products: Type.Array(Type.Object(ProductFields, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
}, { additionalProperties: false });
export const ImportRecord = Type.Object({
  id: Type.String(), status: Type.String(), total: Type.Integer(), processed: Type.Integer(), failed: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), sku: Type.String(), message: Type.String() })),
  jobId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
});
