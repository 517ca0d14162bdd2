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
/**
 * An instance's liveness key lives this long unless its heartbeat renews it: a device listed online by an instance
 * whose key expired (the process died) shows offline.
 */
export const PRESENCE_TTL_S = 90;
/** A person's presence hash expires this long after its last write; the heartbeat rewrites older entries of live devices. */
export const PRESENCE_HASH_TTL_S = 3600;
/** Live devices' presence entries older than this are rewritten by the heartbeat (well inside PRESENCE_HASH_TTL_S). */
export const PRESENCE_REFRESH_MS = 20 * 60_000;
/** The heartbeat pings this many sockets per event-loop turn (10,000 at once blocked the loop for ~1 s). */
export const HEARTBEAT_CHUNK = 500;
/**
 * The state document is rewritten after this many commits of a person, or STATE_WRITE_DELAY_MS after the first
 * unwritten one, whichever comes first (the op log insert is what makes a commit durable; readers fold in commits
 * the document lacks).
 */
export const STATE_WRITE_EVERY = 16;
export const STATE_WRITE_DELAY_MS = 500;
/** Bus topic: a data subject's sync state was erased; every instance drops what it holds of those keys. */
export const BUS_ERASED = 'sync.erased';
