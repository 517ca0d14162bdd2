/** Dotted-path access on plain objects (`address.street`); arrays are not traversed. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Sets a dotted path, creating intermediate objects; returns false when an intermediate is not an object. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): boolean {
  const parts = path.split('.');
  let cur: Record<string, unknown> = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === undefined || next === null) cur[part] = {};
    else if (typeof next !== 'object') return false;
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
  return true;
}

export function hasPath(obj: unknown, path: string): boolean {
  const parts = path.split('.');
  const parent = parts.length > 1 ? getPath(obj, parts.slice(0, -1).join('.')) : obj;
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent as object, parts.at(-1)!);
}
