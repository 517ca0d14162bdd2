export const CHANNEL_KINDS = ['web', 'ios', 'android', 'tablet', 'watch', 'social', 'store_pos', 'call_center', 'custom'] as const;

export const CHANNEL_KIND_CHOICES = CHANNEL_KINDS.map((kind) => ({ id: kind, name: `lockstep.catalog.channel_kinds.${kind}` }));
