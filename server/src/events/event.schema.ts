import { Type, type TSchema } from 'typebox';

/** The event shapes of docs/events.md, one schema per type; the same schemas document POST /v1/events in OpenAPI. */
export const EVENT_TYPES = [
  'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'wishlist_add', 'wishlist_remove',
  'checkout_step', 'purchase', 'review', 'support_message', 'consent_update', 'identify', 'alias',
] as const;
export type EventType = (typeof EVENT_TYPES)[number] | `custom:${string}`;

export const BUILTIN_CHANNELS = ['web', 'ios', 'android', 'tablet', 'watch', 'social', 'store_pos', 'call_center'] as const;

const Id = (max = 100) => Type.String({ minLength: 1, maxLength: max });
const Money = Type.Number({ minimum: 0, maximum: 1e9 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const extra = { additionalProperties: true, maxProperties: 50 } as const;

const ProductProps = (cart: boolean) => Type.Object({
  productId: Id(),
  variantId: Type.Optional(Id()),
  price: Type.Optional(Money),
  currency: Type.Optional(Currency),
  quantity: Type.Optional(Type.Integer({ minimum: cart ? 1 : 0, maximum: 10_000 })),
}, extra);

export const PROPERTIES: Record<string, TSchema> = {
  page_view: Type.Object({ url: Type.Optional(Type.String({ maxLength: 2000 })), title: Type.Optional(Type.String({ maxLength: 500 })) }, extra),
  product_view: ProductProps(false),
  add_to_cart: ProductProps(true),
  remove_from_cart: ProductProps(true),
  wishlist_add: ProductProps(false),
  wishlist_remove: ProductProps(false),
  search: Type.Object({ query: Type.String({ maxLength: 500 }) }, extra),
  checkout_step: Type.Object({ step: Type.Integer({ minimum: 1, maximum: 50 }), orderId: Type.Optional(Id()) }, extra),
  purchase: Type.Object({
    orderId: Id(), total: Money, currency: Currency,
    items: Type.Optional(Type.Array(Type.Object({ productId: Id(), quantity: Type.Integer({ minimum: 1 }), price: Money }, extra), { maxItems: 200 })),
  }, extra),
  review: Type.Object({ productId: Id(), rating: Type.Integer({ minimum: 1, maximum: 5 }), text: Type.Optional(Type.String({ maxLength: 5000 })) }, extra),
  support_message: Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000 }), conversationId: Type.Optional(Id()) }, extra),
  consent_update: Type.Object({ purpose: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,40}$' }), granted: Type.Boolean() }, extra),
  identify: Type.Object({}, extra),
  alias: Type.Object({ previousId: Id() }, extra),
  custom: Type.Object({}, extra),
};

/** Fields common to every event. */
export const EventBase = Type.Object({
  eventId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,100}$' }),
  type: Type.String({ pattern: '^([a-z_]+|custom:[a-z0-9_.-]{1,60})$' }),
  anonymousId: Type.Optional(Id()),
  userId: Type.Optional(Id()),
  deviceId: Type.Optional(Id()),
  channel: Type.String({ pattern: '^[a-z0-9_-]{2,40}$' }),
  device: Type.Optional(Type.Object({
    os: Type.Optional(Type.String({ maxLength: 60 })),
    appVersion: Type.Optional(Type.String({ maxLength: 40 })),
    screen: Type.Optional(Type.Enum(['phone', 'tablet', 'desktop', 'watch', 'tv'])),
  }, { additionalProperties: false })),
  timestamp: Type.String({ format: 'date-time' }),
  properties: Type.Optional(Type.Object({}, { additionalProperties: true })),
  traits: Type.Optional(Type.Object({
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  }, { additionalProperties: true, maxProperties: 30 })),
  context: Type.Optional(Type.Object({}, { additionalProperties: true, maxProperties: 20 })),
}, { additionalProperties: false });

export const IngestBody = Type.Object({
  events: Type.Array(Type.Unknown(), { minItems: 1, description: 'Each element is validated on its own against the Event schema' }),
}, { additionalProperties: false });

export const Rejection = Type.Object({ index: Type.Integer(), eventId: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String() });
export const IngestResult = Type.Object({ accepted: Type.Array(Type.String()), rejected: Type.Array(Rejection) });
