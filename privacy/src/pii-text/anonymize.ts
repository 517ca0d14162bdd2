import { createHmac } from 'node:crypto';
import { normalizeValue } from './normalize.ts';
import { DEFAULT_OPERATOR, ENCRYPTED_TOKEN, validatePolicy, type AnonymizeOptions, type EncryptAsyncFn, type OperatorPolicy, type PiiOperator } from './operators.ts';
import { piiTextError } from './pii-text.errors.ts';
import type { PiiEntityType, PiiSpan } from './types.ts';

export interface AnonymizedItem {
  type: PiiEntityType;
  operator: PiiOperator['type'];
  /** Where the replacement sits in the output text. */
  start: number;
  end: number;
}

export interface AnonymizeResult {
  text: string;
  items: AnonymizedItem[];
}

function maskValue(value: string, op: Extract<PiiOperator, { type: 'mask' }>, type: PiiEntityType): string {
  const char = op.char ?? '*';
  const keepLast = op.keepLast ?? (type === 'CREDIT_CARD' || type === 'IBAN' ? 4 : 0);
  const keepFirst = op.keepFirst ?? 0;
  let alnum = 0;
  for (const ch of value) if (/[\p{L}\p{N}]/u.test(ch)) alnum++;
  // Never keep so much that the value is left readable: at least half of it is masked.
  const budget = Math.floor(alnum / 2);
  const first = Math.min(keepFirst, budget);
  const last = Math.min(keepLast, budget - first);
  let seen = 0;
  let out = '';
  for (const ch of value) {
    if (!/[\p{L}\p{N}]/u.test(ch)) {
      out += ch;
      continue;
    }
    seen++;
    out += seen <= first || seen > alnum - last ? ch : char;
  }
  return out;
}

function operatorFor(policy: OperatorPolicy, type: PiiEntityType): PiiOperator {
  return policy[type] ?? policy.default ?? DEFAULT_OPERATOR;
}

/** Checks spans against the text: in bounds, integer, sorted and not overlapping (detect() output always is). */
function checkSpans(text: string, spans: readonly PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let prevEnd = 0;
  for (const s of sorted) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < prevEnd || s.end <= s.start || s.end > text.length) {
      throw piiTextError('PRIVACY_ERR_PII_INVALID_OPERATOR', [`span ${s.start}–${s.end} (${s.type}) is out of bounds or overlaps another; pass detect() output`]);
    }
    prevEnd = s.end;
  }
  return sorted;
}

function rewrite(text: string, spans: readonly PiiSpan[], policy: OperatorPolicy, opts: AnonymizeOptions, encrypted: ReadonlyMap<PiiSpan, string>): AnonymizeResult {
  let out = '';
  let cursor = 0;
  const items: AnonymizedItem[] = [];
  for (const s of spans) {
    const op = operatorFor(policy, s.type);
    const value = text.slice(s.start, s.end);
    let replacement: string;
    switch (op.type) {
      case 'keep':
        replacement = value;
        break;
      case 'redact':
        replacement = '';
        break;
      case 'mask':
        replacement = maskValue(value, op, s.type);
        break;
      case 'replace':
        replacement = op.tag ?? `<${s.type}>`;
        break;
      case 'hash': {
        const mac = createHmac('sha256', opts.hashKey!).update(`${s.type}\u0000${normalizeValue(s.type, value)}`).digest('hex');
        replacement = `<${s.type}:${mac.slice(0, op.length ?? 16)}>`;
        break;
      }
      case 'encrypt':
        replacement = `<ENC:${s.type}:${encrypted.get(s)}>`;
        break;
    }
    out += text.slice(cursor, s.start);
    items.push({ type: s.type, operator: op.type, start: out.length, end: out.length + replacement.length });
    out += replacement;
    cursor = s.end;
  }
  out += text.slice(cursor);
  return { text: out, items };
}

function token(result: unknown): string {
  if (typeof result !== 'string' || !ENCRYPTED_TOKEN.test(result)) {
    throw piiTextError('PRIVACY_ERR_PII_ENCRYPT_FAILED', ['the encrypt function must return a base64/hex-like string (A–Z a–z 0–9 + / = _ - . :)']);
  }
  return result;
}

function encryptCall(fn: EncryptAsyncFn, value: string, type: PiiEntityType): string | Promise<string> {
  try {
    return fn(value, { type });
  } catch (err) {
    throw piiTextError('PRIVACY_ERR_PII_ENCRYPT_FAILED', [(err as Error)?.message ?? String(err)]);
  }
}

/**
 * Applies the operator of each span's type (see operators.ts) and returns the new text with where each replacement
 * landed. Synchronous: the `encrypt` function must be too (use anonymizeAsync for a KMS round trip).
 *
 * @throws AppError PRIVACY_ERR_PII_INVALID_OPERATOR for a bad policy, a missing key/function or bad spans;
 *   PRIVACY_ERR_PII_ENCRYPT_FAILED when `encrypt` throws or returns an unusable token.
 */
export function anonymize(text: string, spans: readonly PiiSpan[], opts: AnonymizeOptions = {}): AnonymizeResult {
  const policy = validatePolicy(opts);
  const sorted = checkSpans(text, spans);
  const encrypted = new Map<PiiSpan, string>();
  for (const s of sorted) {
    if (operatorFor(policy, s.type).type !== 'encrypt') continue;
    const r = encryptCall(opts.encrypt!, text.slice(s.start, s.end), s.type);
    if (typeof r !== 'string' && r && typeof (r as Promise<string>).then === 'function') {
      throw piiTextError('PRIVACY_ERR_PII_ENCRYPT_FAILED', ['encrypt returned a promise; use anonymizeAsync']);
    }
    encrypted.set(s, token(r));
  }
  return rewrite(text, sorted, policy, opts, encrypted);
}

/** anonymize() with an `encrypt` that may return a promise (spans are encrypted concurrently). */
export async function anonymizeAsync(text: string, spans: readonly PiiSpan[], opts: Omit<AnonymizeOptions, 'encrypt'> & { encrypt?: EncryptAsyncFn } = {}): Promise<AnonymizeResult> {
  const policy = validatePolicy(opts);
  const sorted = checkSpans(text, spans);
  const todo = sorted.filter((s) => operatorFor(policy, s.type).type === 'encrypt');
  const tokens = await Promise.all(
    todo.map(async (s) => {
      try {
        return token(await encryptCall(opts.encrypt!, text.slice(s.start, s.end), s.type));
      } catch (err) {
        if ((err as { code?: string }).code === 'PRIVACY_ERR_PII_ENCRYPT_FAILED') throw err;
        throw piiTextError('PRIVACY_ERR_PII_ENCRYPT_FAILED', [(err as Error)?.message ?? String(err)]);
      }
    }),
  );
  return rewrite(text, sorted, policy, opts as AnonymizeOptions, new Map(todo.map((s, i) => [s, tokens[i]])));
}
