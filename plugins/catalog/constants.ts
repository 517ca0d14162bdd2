export const PLUGIN_NAME = 'catalog';
export const IMPORT_QUEUE = 'catalog-import';
export const IMPORT_JOB = 'import-products';
/** Products written per bulk step of an import (one progress update per step). */
export const IMPORT_BATCH = 200;
export const CHANNEL_KINDS = ['web', 'ios', 'android', 'tablet', 'watch', 'social', 'store_pos', 'call_center', 'custom'] as const;
