import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoreErrors, defineErrors } from '../../server/src/errors/catalog.ts';
import { EventErrors } from '../../server/src/events/errors.ts';
import { IdentityErrors } from '../../plugins/identity/errors.ts';
import { AnonymiseErrors } from '../../privacy/src/anonymise/errors.ts';
import { PiiTextErrors } from '../../privacy/src/pii-text/pii-text.errors.ts';
import { AuditErrors } from '../../privacy/src/audit/audit.errors.ts';
import { EncryptionErrors } from '../../privacy/src/encryption/encryption.errors.ts';
import { RetentionErrors } from '../../privacy/src/retention/retention.errors.ts';
import { RequestErrors } from '../../privacy/src/requests/requests.errors.ts';
import { ConsentErrors } from '../../privacy/src/consent/consent.errors.ts';
import { KeyRouteErrors } from '../../privacy/src/encryption/keys.errors.ts';
import { PseudonymErrors } from '../../privacy/src/pseudonyms/pseudonym.errors.ts';
import { SyncErrors } from '../../plugins/sync/errors.ts';

const CATALOGUES = { ...CoreErrors, ...EventErrors, ...IdentityErrors, ...AnonymiseErrors, ...PiiTextErrors, ...AuditErrors, ...EncryptionErrors, ...RetentionErrors, ...RequestErrors, ...ConsentErrors, ...KeyRouteErrors, ...PseudonymErrors, ...SyncErrors };
import { coreError } from '../../server/src/errors/app-error.ts';
import { toAppError, errorBody } from '../../server/src/errors/error-handler.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

test('every error code is documented in docs/errors.md with its status', () => {
  for (const [code, def] of Object.entries(CATALOGUES)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${def.statusCode} \\|`), `${code} missing from docs/errors.md`);
  }
});

test('docs/errors.md lists no code the catalogue lacks', () => {
  const documented = [...doc.matchAll(/\| `([A-Z]+_ERR_[A-Z_]+)` \|/g)].map((m) => m[1]);
  assert.deepEqual(documented.filter((c) => !(c in CATALOGUES)), []);
});

test('codes carry their area prefix and statuses are 4xx/5xx', () => {
  for (const [code, def] of Object.entries(CoreErrors)) {
    assert.match(code, /^CORE_ERR_[A-Z_]+$/);
    assert.ok(def.statusCode >= 400 && def.statusCode < 600, code);
  }
  assert.throws(() => defineErrors('SYNC', { CORE_ERR_X: { statusCode: 400, logLevel: 'info', message: 'x' } }), /must start with SYNC_ERR_/);
});

test('unknown errors map to a 500 body without internals', () => {
  const body = errorBody(toAppError(new Error('secret connection string mongodb://user:pw@host')), 'req-1');
  assert.equal(body.statusCode, 500);
  assert.equal(body.code, 'CORE_ERR_INTERNAL');
  assert.doesNotMatch(JSON.stringify(body), /secret|mongodb/);
  assert.deepEqual(Object.keys(body).sort(), ['code', 'error', 'message', 'requestId', 'statusCode']);
});

test('coreError formats the message template', () => {
  const e = coreError('CORE_ERR_NOT_FOUND', ['User']);
  assert.equal(e.message, 'User not found');
  assert.equal(e.statusCode, 404);
});
