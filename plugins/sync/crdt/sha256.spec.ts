// The pure SHA-256 against FIPS 180-4 / NIST examples and against node:crypto on random strings (non-ASCII, emoji,
// lone surrogates, padding boundaries), and digest() against what the node:crypto version computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256, sha256Hex } from './sha256.ts';
import { digest } from './digest.ts';
import { canonicalJson } from './state.ts';
import type { SyncView } from './view.ts';

const nodeHex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

test('NIST / FIPS 180-4 example vectors', () => {
  const vectors: [string, string][] = [
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ];
  for (const [input, hex] of vectors) assert.equal(sha256Hex(input), hex, `sha256 of ${input.slice(0, 20)}… (${input.length} chars)`);
  assert.equal(sha256('abc').length, 32);
});

test('every length around the padding boundaries (one and two blocks) matches node:crypto', () => {
  for (let n = 0; n <= 130; n++) {
    const s = 'x'.repeat(n);
    assert.equal(sha256Hex(s), nodeHex(s), `length ${n}`);
  }
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
  assert.equal(sha256Hex(bytes), nodeHex(bytes), 'raw bytes');
});

test('property: equals node:crypto on random strings (ASCII, any code point, emoji, lone surrogates)', () => {
  const emoji = fc.constantFrom('🛒', '❤️', '👩🏽‍💻', '🇫🇷', 'é', 'ß', '中文', '\u0000', '\u{10FFFF}');
  const arb = fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.oneof(emoji, fc.string({ maxLength: 5 })), { maxLength: 60 }).map((parts) => parts.join('')),
  );
  fc.assert(fc.property(arb, (s) => { assert.equal(sha256Hex(s), nodeHex(s)); }), { numRuns: 500 });
});

test('digest(view) is the sha256 of the canonical JSON, as with node:crypto', () => {
  const v: SyncView = {
    cart: [{ productId: 'p1', variantId: null, quantity: 2, priceSeen: 9.5, currency: 'EUR', addedBy: 'dev-a' }],
    wishlist: ['gitarre-ä', 'p2'],
    recentlyViewed: ['p2'],
    preferences: { language: 'fr-FR', size: 'M 🎸' },
    resume: { 'dev-a': { checkoutStep: 'shipping', lastProductId: null } },
  };
  assert.equal(digest(v), nodeHex(canonicalJson(v)));
  assert.equal(digest({ cart: [], wishlist: [], recentlyViewed: [], preferences: {}, resume: {} }),
    nodeHex('{"cart":[],"preferences":{},"recentlyViewed":[],"resume":{},"wishlist":[]}'));
});
