import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import { CHANNEL_KINDS } from '../constants.ts';

export const ChannelSpec: ModelSpec = {
  name: 'Channel',
  collection: 'catalog_channels',
  idPrefix: 'chn_',
  fields: {
    key: { type: String, required: true, match: /^[a-z0-9_-]{2,40}$/, pii: 'none' },
    name: { type: String, required: true, trim: true, maxlength: 120, pii: 'none' },
    kind: { type: String, enum: CHANNEL_KINDS, required: true, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, key: 1 }, { unique: true }]],
};
