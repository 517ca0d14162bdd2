import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anonymize } from './anonymize.ts';
import { detect } from './detect.ts';
import { PII_ENTITY_TYPES } from './types.ts';

// Characters every detector reacts to, so random strings exercise the candidate patterns rather than plain prose.
const ALPHABET = [...'aAzZéÉ019 .,-:/@+()#\n\t>', 'Mr', 'Dear ', 'Street', 'straße', '4111', 'DE89', 'Apt. ', 'PSC ', 'my name is '];
const piiText = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 200 }).map((parts) => parts.join(''));

test('detect: spans are in bounds, sorted, non-overlapping, typed and scored on any input', () => {
  fc.assert(
    fc.property(fc.oneof(piiText, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
      const spans = detect(text, { minScore: 0 });
      let prevEnd = 0;
      for (const s of spans) {
        assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= prevEnd && s.end > s.start && s.end <= text.length);
        assert.ok((PII_ENTITY_TYPES as readonly string[]).includes(s.type));
        assert.ok(s.score >= 0 && s.score <= 1);
        prevEnd = s.end;
      }
      // Every operator accepts detect()'s output; replace puts exactly one tag where each span was.
      const r = anonymize(text, spans);
      assert.equal(r.items.length, spans.length);
      for (const item of r.items) assert.equal(r.text.slice(item.start, item.end), `<${item.type}>`);
    }),
    { numRuns: 300 },
  );
});

// Long adversarial inputs: repeated near-misses that make backtracking regexes go quadratic or exponential. Every
// pattern is bounded and anchored after a boundary, so each of these finishes like ordinary text of that length; a
// regression would hang here until the test timeout fails it (speed itself is measured in bench/, not asserted).
const N = 60_000;
const ADVERSARIAL: Record<string, string> = {
  letters: 'a'.repeat(N),
  'local parts without @': 'a.'.repeat(N / 2),
  'at signs': 'a@'.repeat(N / 2),
  'dotted labels': `a@${'b.'.repeat(N / 2)}`,
  'digits and spaces': '1 '.repeat(N / 2),
  'digits and dashes': '1-'.repeat(N / 2),
  'long digit run': '4'.repeat(N),
  'dotted digits': '1.'.repeat(N / 2),
  colons: ':'.repeat(N),
  'hex groups': 'ab:'.repeat(N / 3),
  'country codes': 'DE89'.repeat(N / 4),
  'capitalised words': 'Anna '.repeat(N / 5),
  'name-like chain': 'Anna Maria '.repeat(N / 11),
  titles: 'Mr. '.repeat(N / 4),
  'street words': '12 Main Street, '.repeat(N / 16),
  'glued street words': 'Aaaaaaaaaaaaaaaaaaaa'.repeat(N / 20),
  'street-like words and numbers': 'Aaaaaaaaaaaaaaaaaavej 12 '.repeat(N / 25),
  'name chains before numbers': '12 Aa Bb Cc Dd '.repeat(N / 15),
  'prefix streets': 'Rue De La Paix '.repeat(N / 15),
  'postcode-like': 'SW1A 1AA '.repeat(N / 9),
  'unit chains': 'Apt. 1 '.repeat(N / 7),
  parentheses: '(1'.repeat(N / 2),
  'newlines and quotes': '\n> '.repeat(N / 3),
  'non-Latin capitals': 'ÉÉ '.repeat(N / 3),
};

for (const [name, text] of Object.entries(ADVERSARIAL)) {
  test(`no catastrophic backtracking: ${name} (${text.length} chars)`, { timeout: 20_000 }, () => {
    const spans = detect(text);
    assert.ok(Array.isArray(spans));
  });
}
