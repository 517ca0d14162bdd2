export const PLUGIN_NAME = 'sync';
/** Redis pub/sub channel prefix of one person's commits: `<REDIS_PREFIX>:sync:<tenantId>:<personKey>`. */
export const FANOUT_CHANNEL = 'sync';
/** Bus topic: a person's state was re-keyed (identity merge/split); every instance resyncs that person's devices. */
export const BUS_REKEYED = 'sync.rekeyed';
/** Bus topic with each minute's health sample (for the consistency plugin). */
export const BUS_HEALTH = 'sync.health';
/** Commits kept in the state document for resume (newest last); older gaps get a snapshot. */
export const RECENT_COMMITS = 100;
/** Server-side ops (merge policy removals) carry this device id. */
export const SERVER_DEVICE = 'lockstep-server';
/** Queued outbound frames per socket before it is marked slow (queue dropped, snapshot when it drains). */
export const MAX_QUEUED_FRAMES = 500;
/** Bytes buffered by the socket before it counts as slow. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Heartbeat: server pings every 25 s; a socket that did not answer the previous ping is closed. */
export const HEARTBEAT_MS = 25_000;
/** Presence entries live this long in Redis unless refreshed by the heartbeat. */
export const PRESENCE_TTL_S = 90;
