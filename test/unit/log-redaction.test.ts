import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loggerOptions } from '../../server/src/logging/logger.ts';
import { PiiRegistry } from '../../privacy/src/registry.ts';
import { buildSchema, piiDeclarations } from '../../server/src/db/define-model.ts';
import { CORE_MODEL_SPECS } from '../../server/src/models/core-models.ts';
import { ProductSpec } from '../../plugins/catalog/models/product.model.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return { lines, stream };
}

test('declared PII fields of core and plugin models become log redaction paths', () => {
  const registry = new PiiRegistry();
  for (const spec of [...CORE_MODEL_SPECS, ProductSpec]) registry.add('x', piiDeclarations(spec, buildSchema(spec)));
  const paths = registry.redactPaths();
  for (const p of ['email', 'name', 'traits', 'anonymousId', 'ip']) assert.ok(paths.includes(p), `${p} not redacted`);
  // Credentials are redacted by the base list, non-personal fields are not redacted at all.
  assert.ok(!paths.includes('sku') && !paths.includes('price'));
});

test('auth headers, cookies, passwords and declared PII never reach a log line', () => {
  const { lines, stream } = capture();
  const log = pino(loggerOptions('info', ['email', 'phone']), stream);
  log.info({
    req: { headers: { authorization: 'Bearer sk_live_secret', cookie: 'lockstep_session=lss_secret' } },
    headers: { authorization: 'Bearer x' },
    user: { email: 'jane@example.com', phone: '+44 20 7946 0958', role: 'owner' },
    body: { email: 'bob@example.com', password: 'hunter2-hunter2' },
    password: 'p', token: 'lss_abc',
  }, 'login');
  const out = lines.join('');
  for (const secret of ['sk_live_secret', 'lss_secret', 'jane@example.com', '7946', 'bob@example.com', 'hunter2', 'lss_abc']) {
    assert.ok(!out.includes(secret), `${secret} leaked into the log: ${out}`);
  }
  assert.match(out, /"role":"owner"/);
  assert.match(out, /\[REDACTED\]/);
});
