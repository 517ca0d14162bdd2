// Hybrid logical clocks (Kulkarni et al.): a timestamp is (wall ms, counter, node). It never goes backwards on a
// node, it is greater than every timestamp the node has received, and it stays close to physical time. Pure.

/** A decoded hybrid logical clock timestamp. */
export interface Hlc {
  /** Physical part, integer milliseconds since the epoch. */
  readonly wall: number;
  /** Logical part: orders events inside the same millisecond. */
  readonly counter: number;
  /** The node (device) that issued it; breaks the last ties. */
  readonly node: string;
}

/** Largest wall value the 15-digit encoding holds (year ~33658). */
export const MAX_WALL = 999_999_999_999_999;
/** Largest counter the 6-hex-digit encoding holds; past it the clock borrows one millisecond from the future. */
export const MAX_COUNTER = 0xff_ffff;
/**
 * How far ahead of our physical clock a remote timestamp may be before `receive` refuses it.
 * @defaultValue 60 000 ms
 */
export const DEFAULT_MAX_DRIFT_MS = 60_000;
/** Node ids sort the same in JS (UTF-16) and in a database (UTF-8 bytes) because they are ASCII only. */
export const NODE_PATTERN = '^[A-Za-z0-9_.:-]{1,128}$';
const NODE_RE = new RegExp(NODE_PATTERN);
/** `wall(15 digits).counter(6 hex).node`: plain string order equals `compareHlc`. */
export const HLC_PATTERN = '^[0-9]{15}\\.[0-9a-f]{6}\\.[A-Za-z0-9_.:-]{1,128}$';
const HLC_RE = /^([0-9]{15})\.([0-9a-f]{6})\.([A-Za-z0-9_.:-]{1,128})$/;

/** Why a remote clock was refused. The sync plugin maps these codes onto its error catalogue. */
export type HlcError =
  | { readonly code: 'SYNC_ERR_CLOCK_DRIFT'; readonly message: string; readonly driftMs: number; readonly maxDriftMs: number }
  | { readonly code: 'SYNC_ERR_CLOCK_INVALID'; readonly message: string };
export type HlcResult = { readonly ok: true; readonly clock: Hlc } | { readonly ok: false; readonly error: HlcError };

/** The clock a node starts with. */
export function initialHlc(node: string): Hlc {
  if (!NODE_RE.test(node)) throw new RangeError(`Invalid HLC node id "${node}" (expected ${NODE_PATTERN})`);
  return { wall: 0, counter: 0, node };
}

/** Total order: wall, then counter, then node (ordinal string order). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

// Counter overflow: move to the next millisecond instead of failing; the clock stays strictly monotonic.
function normalize(wall: number, counter: number, node: string): Hlc {
  return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0, node } : { wall, counter, node };
}

/** Timestamp for a local event (or a send) at physical time `now`: strictly greater than `local`. */
export function tick(local: Hlc, now: number): Hlc {
  const wall = Math.max(local.wall, Math.floor(now));
  return normalize(wall, wall === local.wall ? local.counter + 1 : 0, local.node);
}

/**
 * Timestamp for receiving `remote` at physical time `now`: strictly greater than both `local` and `remote`.
 * A remote clock more than `maxDriftMs` ahead of `now` is refused (`SYNC_ERR_CLOCK_DRIFT`) and `local` is left as is,
 * so one device with a wrong clock cannot drag every other clock into the future.
 */
export function receive(local: Hlc, remote: Hlc, now: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS): HlcResult {
  if (!isValidHlc(remote)) return { ok: false, error: { code: 'SYNC_ERR_CLOCK_INVALID', message: 'Remote clock is malformed' } };
  const physical = Math.floor(now);
  const driftMs = remote.wall - physical;
  if (driftMs > maxDriftMs) {
    return { ok: false, error: { code: 'SYNC_ERR_CLOCK_DRIFT', message: `Remote clock is ${driftMs} ms ahead (at most ${maxDriftMs} ms allowed)`, driftMs, maxDriftMs } };
  }
  const wall = Math.max(local.wall, remote.wall, physical);
  let counter: number;
  if (wall === local.wall && wall === remote.wall) counter = Math.max(local.counter, remote.counter) + 1;
  else if (wall === local.wall) counter = local.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return { ok: true, clock: normalize(wall, counter, local.node) };
}

export function isValidHlc(h: Hlc): boolean {
  return Number.isInteger(h.wall) && h.wall >= 0 && h.wall <= MAX_WALL && Number.isInteger(h.counter) && h.counter >= 0
    && h.counter <= MAX_COUNTER && typeof h.node === 'string' && NODE_RE.test(h.node);
}

/** Fixed-width encoding; `encodeHlc(a) < encodeHlc(b)` exactly when `compareHlc(a, b) < 0`. */
export function encodeHlc(h: Hlc): string {
  if (!isValidHlc(h)) throw new RangeError('Cannot encode a malformed HLC');
  return `${String(h.wall).padStart(15, '0')}.${h.counter.toString(16).padStart(6, '0')}.${h.node}`;
}

/** Inverse of `encodeHlc`; null for a string that is not one. */
export function decodeHlc(s: string): Hlc | null {
  const m = HLC_RE.exec(s);
  return m ? { wall: Number(m[1]), counter: parseInt(m[2]!, 16), node: m[3]! } : null;
}
