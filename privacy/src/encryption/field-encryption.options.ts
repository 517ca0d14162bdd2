import type { BlindIndexSpec } from './blind-index.ts';
import type { KeyManager } from './key-manager.ts';

/** Shown instead of a value whose person key was destroyed. */
export const ERASED_TOMBSTONE = '[erased]';

export interface EncryptedFieldOptions {
  /**
   * Keep a keyed blind index in `<field>_bidx` so equality queries work without decrypting. Leave it off for
   * fields nobody looks up by (names, free text): every index leaks equality. @defaultValue undefined (none)
   */
  blindIndex?: BlindIndexSpec;
}

export interface FieldEncryptionOptions {
  /** Dotted paths of the fields to encrypt (String or Mixed paths), with their options (`true` = defaults). */
  fields: Record<string, EncryptedFieldOptions | true>;
  /**
   * Path holding the person the document belongs to: values are sealed with that person's key, so shredding it
   * erases them. Documents without a person use the tenant data key. @defaultValue undefined (tenant key only)
   */
  personIdPath?: string;
  /** The key hierarchy; a function when it is built after the schema (resolved on first use). */
  keys: KeyManager | (() => KeyManager);
  /** Collection bound into the AAD. @defaultValue the schema's `collection` option */
  collection?: string;
  /** Shredded values read as `tombstone` ('tombstone') or throw KeyShreddedError ('throw'). @defaultValue 'tombstone' */
  onShredded?: 'tombstone' | 'throw';
  /** @defaultValue ERASED_TOMBSTONE */
  tombstone?: unknown;
}

export interface ResolvedField {
  path: string;
  bidxPath: string | null;
  blindIndex: BlindIndexSpec | null;
}

export const bidxPathOf = (path: string) => `${path}_bidx`;
