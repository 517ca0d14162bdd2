import { CART_POLICIES, type SyncSettings } from './types';

/** The plugin's defaults (sync contract), used where the server answers without a value. */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  anonymousCartPolicy: 'merge',
  opLogRetention: 1000,
  maxOpsPerSecond: 50,
  tokenTtlMinutes: 1440,
  userIdNeedsSecretKey: false,
};

export type NumberSetting = 'opLogRetention' | 'maxOpsPerSecond' | 'tokenTtlMinutes';
export const NUMBER_SETTINGS: readonly NumberSetting[] = ['opLogRetention', 'maxOpsPerSecond', 'tokenTtlMinutes'];

/** Inclusive bounds the server's schema enforces; the form checks them first so most mistakes never leave the page. */
export const LIMITS: Readonly<Record<NumberSetting, { min: number; max: number }>> = {
  opLogRetention: { min: 50, max: 10_000 },
  maxOpsPerSecond: { min: 1, max: 1000 },
  tokenTtlMinutes: { min: 5, max: 43_200 },
};

/** The settings the form edits: the server's values over the defaults (unknown fields are kept, so saving never drops them). */
export function settingsFrom(stored: Record<string, unknown> | null | undefined): SyncSettings & Record<string, unknown> {
  const s = { ...DEFAULT_SYNC_SETTINGS, ...(stored ?? {}) } as SyncSettings & Record<string, unknown>;
  if (!(CART_POLICIES as readonly unknown[]).includes(s.anonymousCartPolicy)) s.anonymousCartPolicy = DEFAULT_SYNC_SETTINGS.anonymousCartPolicy;
  return s;
}

export type SettingErrors = Partial<Record<NumberSetting, { min: number; max: number }>>;

/** Client-side checks: every limit a whole number within its bounds. */
export function validateSettings(s: SyncSettings): SettingErrors {
  const errors: SettingErrors = {};
  for (const key of NUMBER_SETTINGS) {
    const n = s[key];
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(n) || n < min || n > max) errors[key] = { min, max };
  }
  return errors;
}

export interface ServerErrors {
  /** The server's message, shown above the form. */
  message: string;
  code: string | null;
  /** Messages per settings field (`body.settings.opLogRetention` → `opLogRetention`); `''` for the settings object itself. */
  fields: Record<string, string>;
}

/**
 * A refused save as the form shows it. The core answers `{code, message, details: [{field, message}]}` with fields
 * like `body.settings.maxOpsPerSecond`; react-admin's HttpError carries that body.
 */
export function serverErrors(error: unknown): ServerErrors {
  const e = (error ?? {}) as { message?: unknown; body?: unknown };
  const body = (e.body && typeof e.body === 'object' ? e.body : {}) as { code?: unknown; message?: unknown; details?: unknown };
  const fields: Record<string, string> = {};
  if (Array.isArray(body.details)) {
    for (const d of body.details as { field?: unknown; message?: unknown }[]) {
      if (typeof d?.field !== 'string') continue;
      const m = /^(?:body\.)?settings(?:\.([A-Za-z0-9_]+))?/.exec(d.field);
      if (!m) continue;
      const key = m[1] ?? '';
      const text = typeof d.message === 'string' ? d.message : 'invalid';
      fields[key] = fields[key] ? `${fields[key]}; ${text}` : text;
    }
  }
  const message = typeof body.message === 'string' ? body.message : typeof e.message === 'string' ? e.message : String(error);
  return { message, code: typeof body.code === 'string' ? body.code : null, fields };
}
