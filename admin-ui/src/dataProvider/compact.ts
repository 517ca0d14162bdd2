/**
 * Drops `null`/`undefined` values before a write: react-admin turns an emptied input into `null`, while the
 * API's schemas mark such fields optional (absent), not nullable.
 */
export function compact<T extends Record<string, unknown>>(data: T): Partial<T> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}
