#!/usr/bin/env node
// `npm run demo:catalog`: loads the demo shop's products into the demo tenant through the catalog plugin's real
// import API (POST /api/plugins/catalog/imports → the `catalog-import` BullMQ job), then waits for the job. The
// products come from the Amazon Musical Instruments reviews in LOCKSTEP_DATASETS_DIR (default ../shared/datasets;
// research-use data, read at run time, never copied into the repository). Re-running upserts the same SKUs.
//
//   npm run demo:catalog                      # needs a running API + worker (npm start)
//   npm run demo:catalog -- --limit 200 --if-empty --url http://127.0.0.1:3000 --file reviews.jsonl[.gz]
//
// The API is --url, else LOCKSTEP_API_URL, else PUBLIC_URL, else http://127.0.0.1:$PORT (3000). With --if-empty
// nothing is imported when the demo tenant already has products (checked with LOCKSTEP_DEMO_PUBLISHABLE_KEY if set).
//
// Credentials, first found wins: LOCKSTEP_SECRET_KEY (an sk_ key of the demo tenant); LOCKSTEP_ADMIN_EMAIL +
// LOCKSTEP_ADMIN_PASSWORD (the platform owner; acts in the tenant with slug "demo"); with --mint-key (what `npm start`
// passes when it knows neither), a temporary secret key written straight into the store at MONGODB_URI and revoked
// when the import is done. Exit codes: 0 done or nothing to do, 1 failed, 3 dataset not found.
// Launcher code: reads process.env directly on purpose.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/services.mjs';
import { SKU_PREFIX, defaultReviewsFile, productsFromReviews, readReviews } from './lib/demo-products.mjs';

const DEMO_SLUG = 'demo';
/** Rows per import request: ~0.9 KB each, well under the default 1 MiB body limit. */
const ROWS_PER_IMPORT = 250;
const EXIT_NO_DATASET = 3;

const log = (msg) => process.stderr.write(`[demo-catalog] ${msg}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      file: { type: 'string' },
      limit: { type: 'string', default: '400' },
      currency: { type: 'string', default: 'EUR' },
      'if-empty': { type: 'boolean', default: false },
      'mint-key': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '180' },
    },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new Error(`--limit must be an integer from 1 to 5000 (got ${values.limit})`);
  if (!/^[A-Z]{3}$/.test(values.currency)) throw new Error(`--currency must be an ISO 4217 code such as EUR (got ${values.currency})`);
  const env = process.env;
  const url = (values.url ?? env.LOCKSTEP_API_URL ?? env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/+$/, '');
  return {
    url, limit, currency: values.currency, ifEmpty: values['if-empty'], mintKey: values['mint-key'],
    timeoutMs: Number(values['timeout-s']) * 1000,
    file: values.file ? path.resolve(values.file) : defaultReviewsFile(ROOT, env.LOCKSTEP_DATASETS_DIR),
  };
}

async function api(base, method, url, headers, body) {
  const res = await fetch(`${base}${url}`, {
    method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  }).catch((err) => { throw new Error(`${method} ${base}${url}: ${err.cause?.code ?? err.message} (is the API running? npm start)`); });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${json?.code ?? ''} ${json?.message ?? text}`.trim());
  return { json, headers: res.headers };
}

/** A temporary secret key of the demo tenant, written into the store the launcher owns; `revoke()` ends it. */
async function mintKey() {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('--mint-key needs MONGODB_URI (the store the API uses)');
  const { connectStore } = await import('../server/src/db/connection.ts');
  const { compileModel } = await import('../server/src/db/define-model.ts');
  const { ApiKeySpec, TenantSpec } = await import('../server/src/models/core-models.ts');
  const { hashToken, keyPrefix, newApiKey } = await import('../server/src/auth/tokens.ts');
  const conn = await connectStore(uri);
  try {
    const Tenant = compileModel(conn, TenantSpec).model;
    const ApiKey = compileModel(conn, ApiKeySpec).model;
    const tenant = await Tenant.findOne({ slug: DEMO_SLUG }).lean();
    if (!tenant) throw new Error(`no tenant "${DEMO_SLUG}" in the store yet (the API creates it at first start)`);
    const key = newApiKey('secret');
    const doc = await ApiKey.create({ tenantId: tenant._id, name: 'Demo catalogue loader (temporary)', kind: 'secret', prefix: keyPrefix(key), keyHash: hashToken(key) });
    return {
      headers: { authorization: `Bearer ${key}` },
      async revoke() {
        await ApiKey.updateOne({ _id: doc._id, tenantId: tenant._id }, { $set: { revokedAt: new Date() } });
        await conn.close();
      },
    };
  } catch (err) {
    await conn.close();
    throw err;
  }
}

async function credentials(opts) {
  const env = process.env;
  if (env.LOCKSTEP_SECRET_KEY) {
    if (!env.LOCKSTEP_SECRET_KEY.startsWith('sk_')) throw new Error('LOCKSTEP_SECRET_KEY must be a secret key (sk_…) of the demo tenant');
    return { headers: { authorization: `Bearer ${env.LOCKSTEP_SECRET_KEY}` }, revoke: async () => undefined };
  }
  if (env.LOCKSTEP_ADMIN_PASSWORD) {
    const email = env.LOCKSTEP_ADMIN_EMAIL ?? 'admin@lockstep.local';
    const { json: me } = await api(opts.url, 'POST', '/api/auth/login', {}, { email, password: env.LOCKSTEP_ADMIN_PASSWORD });
    const headers = { authorization: `Bearer ${me.token}` };
    if (me.tenant?.slug !== DEMO_SLUG) {
      const filter = encodeURIComponent(JSON.stringify({ slug: DEMO_SLUG }));
      const { json: tenants } = await api(opts.url, 'GET', `/api/tenants?filter=${filter}`, headers);
      if (!tenants?.[0]) throw new Error(`no tenant "${DEMO_SLUG}" visible to ${email}`);
      headers['x-lockstep-tenant'] = tenants[0].id;
    }
    return { headers, revoke: () => api(opts.url, 'POST', '/api/auth/logout', headers).then(() => undefined, () => undefined) };
  }
  if (opts.mintKey) return mintKey();
  throw new Error('no credentials: set LOCKSTEP_SECRET_KEY (sk_… of the demo tenant) or LOCKSTEP_ADMIN_PASSWORD (and LOCKSTEP_ADMIN_EMAIL)');
}

async function productCount(opts, headers) {
  const { headers: h } = await api(opts.url, 'GET', `/api/plugins/catalog/products?range=${encodeURIComponent('[0,0]')}`, headers);
  return Number(/\/(\d+)$/.exec(h.get('content-range') ?? '')?.[1] ?? 0);
}

async function waitForImport(opts, headers, id) {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const { json: imp } = await api(opts.url, 'GET', `/api/plugins/catalog/imports/${id}`, headers);
    if (imp.status === 'completed') return imp;
    if (imp.status === 'failed') throw new Error(`import ${id} failed: ${JSON.stringify(imp.errors.slice(0, 3))}`);
    if (Date.now() > deadline) throw new Error(`import ${id} still ${imp.status} after ${opts.timeoutMs / 1000} s: is a worker running (npm start starts one)?`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main() {
  const opts = options();
  let reviews;
  try {
    reviews = await readReviews(opts.file);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    log(`${err.message}: set LOCKSTEP_DATASETS_DIR (or --file); the demo shop shows an empty catalogue until then`);
    return EXIT_NO_DATASET;
  }
  const products = productsFromReviews(reviews, { limit: opts.limit, currency: opts.currency });
  if (!products.length) throw new Error(`${opts.file}: no products could be built from ${reviews.length} reviews`);
  // The storefront's own key can tell whether the catalogue is empty: no credential is made for nothing.
  const pk = process.env.LOCKSTEP_DEMO_PUBLISHABLE_KEY;
  if (opts.ifEmpty && pk) {
    const n = await productCount(opts, { authorization: `Bearer ${pk}` });
    if (n > 0) { log(`the demo tenant already has ${n} products: nothing to do`); return 0; }
  }
  const creds = await credentials(opts);
  try {
    if (opts.ifEmpty && !pk) {
      const n = await productCount(opts, creds.headers);
      if (n > 0) { log(`the demo tenant already has ${n} products: nothing to do`); return 0; }
    }
    let processed = 0;
    let failed = 0;
    for (let i = 0; i < products.length; i += ROWS_PER_IMPORT) {
      const { json: imp } = await api(opts.url, 'POST', '/api/plugins/catalog/imports', creds.headers, { products: products.slice(i, i + ROWS_PER_IMPORT) });
      const done = await waitForImport(opts, creds.headers, imp.id);
      processed += done.processed;
      failed += done.failed;
      log(`import ${imp.id}: ${done.processed} rows, ${done.failed} failed`);
    }
    log(`demo catalogue: ${processed - failed} products (SKUs ${SKU_PREFIX}*) from ${path.relative(ROOT, opts.file) || opts.file} in the demo tenant at ${opts.url}`);
    return failed ? 1 : 0;
  } finally {
    await creds.revoke().catch((err) => log(`could not end the loader's credential: ${err.message}`));
  }
}

main().then((code) => process.exit(code), (err) => {
  log(`failed: ${err.message}`);
  process.exit(1);
});
