/** Event types and built-in channels of docs/events.md, offered as filter choices (tenants may add channels and `custom:*` types). */
export const EVENT_TYPES = [
  'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'wishlist_add', 'wishlist_remove',
  'checkout_step', 'purchase', 'review', 'support_message', 'consent_update', 'identify', 'alias',
] as const;

export const CHANNELS = ['web', 'ios', 'android', 'tablet', 'watch', 'social', 'store_pos', 'call_center'] as const;

/** A stable colour per channel for charts and chips (unknown channels get one from the spare list by name). */
const CHANNEL_COLORS: Record<string, string> = {
  web: '#1f5fbf', ios: '#7b1fa2', android: '#2e7d32', tablet: '#ef6c00', watch: '#00838f', social: '#c2185b',
  store_pos: '#5d4037', call_center: '#455a64',
};
const SPARE = ['#9e9d24', '#6a1b9a', '#00695c', '#ad1457', '#283593', '#4e342e'];

export function channelColor(channel: string): string {
  if (CHANNEL_COLORS[channel]) return CHANNEL_COLORS[channel];
  let h = 0;
  for (const ch of channel) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}
