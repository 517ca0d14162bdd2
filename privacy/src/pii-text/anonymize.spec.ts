import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../server/src/errors/app-error.ts';
import { anonymize, anonymizeAsync } from './anonymize.ts';
import { detect } from './detect.ts';
import { reidentify, reidentifyAsync } from './reidentify.ts';

const TEXT = 'Mail anna.k@example.com, card 4111 1111 1111 1111, call +44 20 7946 0958.';
const KEY = new Uint8Array(32).fill(7);
// A reversible stand-in for the field-encryption layer (base64url); the real one is AES-GCM with tenant keys.
const toyEncrypt = (plain: string) => Buffer.from(plain, 'utf8').toString('base64url');
const toyDecrypt = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

test('replace (default) writes type tags and reports where they landed', () => {
  const r = anonymize(TEXT, detect(TEXT));
  assert.equal(r.text, 'Mail <EMAIL>, card <CREDIT_CARD>, call <PHONE>.');
  for (const item of r.items) assert.equal(r.text.slice(item.start, item.end), `<${item.type}>`);
});

test('redact removes, mask keeps the shape and the last 4 card digits, keep leaves it', () => {
  const spans = detect(TEXT);
  const r = anonymize(TEXT, spans, { operators: { EMAIL: { type: 'redact' }, CREDIT_CARD: { type: 'mask' }, PHONE: { type: 'keep' } } });
  assert.equal(r.text, 'Mail , card **** **** **** 1111, call +44 20 7946 0958.');
  const m = anonymize(TEXT, spans, { operators: { default: { type: 'mask', char: '#', keepFirst: 1 } } });
  assert.match(m.text, /^Mail a###\.#@#######\.###, card 4### #### #### 1111, call \+4# ## #### ####\.$/);
});

test('hash: keyed, stable per tenant key, normalised, different across keys', () => {
  const op = { operators: { default: { type: 'hash' as const } }, hashKey: KEY };
  const a = anonymize('Anna.K@Example.com', detect('Anna.K@Example.com'), op).text;
  const b = anonymize('anna.k@example.com', detect('anna.k@example.com'), op).text;
  assert.match(a, /^<EMAIL:[0-9a-f]{16}>$/);
  assert.equal(a, b, 'case does not change the pseudonym');
  const other = anonymize('anna.k@example.com', detect('anna.k@example.com'), { ...op, hashKey: new Uint8Array(32).fill(8) }).text;
  assert.notEqual(a, other, 'another tenant key gives another pseudonym');
  const long = anonymize('anna.k@example.com', detect('anna.k@example.com'), { operators: { EMAIL: { type: 'hash', length: 32 } }, hashKey: KEY }).text;
  assert.match(long, /^<EMAIL:[0-9a-f]{32}>$/);
});

test('encrypt is reversible through reidentify, sync and async', async () => {
  const spans = detect(TEXT);
  const enc = anonymize(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: toyEncrypt });
  assert.doesNotMatch(enc.text, /anna|4111|7946/);
  assert.match(enc.text, /<ENC:EMAIL:[A-Za-z0-9_\-]+>/);
  assert.equal(reidentify(enc.text, toyDecrypt), TEXT);
  const encAsync = await anonymizeAsync(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: async (p) => toyEncrypt(p) });
  assert.equal(encAsync.text, enc.text);
  assert.equal(await reidentifyAsync(encAsync.text, async (t) => toyDecrypt(t)), TEXT);
});

test('bad policies, keys, encrypt functions and spans fail with catalogue errors', async () => {
  const spans = detect(TEXT);
  const code = (c: string) => (err: unknown) => err instanceof AppError && err.code === c;
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'shred' } as never } }), code('PRIVACY_ERR_PII_INVALID_OPERATOR'));
  assert.throws(() => anonymize(TEXT, spans, { operators: { EMAIL: { type: 'mask', keepLast: 99 } } }), code('PRIVACY_ERR_PII_INVALID_OPERATOR'));
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'hash' } } }), /needs hashKey/);
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'hash' } }, hashKey: new Uint8Array(8) }), /at least 16 bytes/);
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'encrypt' } } }), /encrypt function/);
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: () => 'has spaces>' }), code('PRIVACY_ERR_PII_ENCRYPT_FAILED'));
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: () => { throw new Error('key shredded'); } }), /key shredded/);
  assert.throws(() => anonymize(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: (async () => 'x') as never }), /anonymizeAsync/);
  await assert.rejects(anonymizeAsync(TEXT, spans, { operators: { default: { type: 'encrypt' } }, encrypt: async () => { throw new Error('kms down'); } }), code('PRIVACY_ERR_PII_ENCRYPT_FAILED'));
  assert.throws(() => anonymize('short', [{ start: 0, end: 50, type: 'EMAIL', score: 1, detector: 'x' }]), /out of bounds/);
  assert.throws(() => anonymize('overlapping text', [{ start: 0, end: 5, type: 'EMAIL', score: 1, detector: 'x' }, { start: 3, end: 8, type: 'PHONE', score: 1, detector: 'x' }]), /overlaps/);
});
