import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Value } from 'typebox/value';
import { ImportCreate } from '../../plugins/catalog/schemas/catalog.schema.ts';
import { SKU_PREFIX, defaultReviewsFile, productsFromReviews, readReviews } from '../../scripts/lib/demo-products.mjs';

const FIXTURE = 'test/fixtures/demo/reviews.jsonl';
const review = (asin: string, summary: string, reviewText: string, overall = 5) => ({ asin, summary, reviewText, overall, helpful: [0, 0] });

test('productsFromReviews: type and brand from what the reviews say, one product per asin, most reviewed first', async () => {
  const products = productsFromReviews(await readReviews(FIXTURE));
  // 12 asins in the fixture; one (B0FX000012) names no product type and is left out.
  assert.equal(products.length, 11);
  assert.equal(new Set(products.map((p) => p.sku)).size, 11);
  assert.ok(!products.some((p) => p.sku === `${SKU_PREFIX}b0fx000012`));
  assert.equal(products[0]!.sku, `${SKU_PREFIX}b0fx000004`, 'the asin with 3 reviews comes first');
  const bySku = new Map(products.map((p) => [p.sku, p]));
  assert.equal(bySku.get('mi-b0fx000001')!.title, 'Ernie Ball Electric Guitar Strings (10-46)');
  assert.equal(bySku.get('mi-b0fx000003')!.title, 'Hosa Instrument Cable (10 ft)');
  assert.equal(bySku.get('mi-b0fx000006')!.title, 'Boss Effects Pedal');
  assert.equal(bySku.get('mi-b0fx000008')!.title, 'Snark Clip-on Tuner');
  assert.match(bySku.get('mi-b0fx000006')!.description, /Rated 5\.0 out of 5 by 2 shoppers/);
  assert.match(bySku.get('mi-b0fx000006')!.description, /price is illustrative/);
});

test('productsFromReviews: prices and stock are synthetic but stable, within the type\'s range; limit and currency apply', async () => {
  const reviews = await readReviews(FIXTURE);
  const a = productsFromReviews(reviews);
  const b = productsFromReviews([...reviews].reverse());
  assert.deepEqual(a.map((p) => [p.sku, p.price, p.stock]).sort(), b.map((p) => [p.sku, p.price, p.stock]).sort());
  const pedal = a.find((p) => p.title.includes('Effects Pedal'))!;
  assert.ok(pedal.price >= 39 && pedal.price <= 200, `pedal price ${pedal.price}`);
  const picks = a.find((p) => p.title.includes('Guitar Picks'))!;
  assert.ok(picks.price >= 4 && picks.price <= 16, `picks price ${picks.price}`);
  for (const p of a) assert.ok(Math.abs(p.price * 100 - Math.round(p.price * 100)) < 1e-6, `${p.price} has whole cents`);
  const usd = productsFromReviews(reviews, { limit: 3, currency: 'USD' });
  assert.equal(usd.length, 3);
  assert.ok(usd.every((p) => p.currency === 'USD'));
});

test('productsFromReviews: same-sounding products get told apart; bad rows are skipped', () => {
  const products = productsFromReviews([
    review('B0DUP00001', 'cable', 'A plain cable for the amp.'),
    review('B0DUP00002', 'cable', 'Another cable, nothing special.'),
    review('not-an-asin', 'cable', 'A cable without a valid asin.'),
    null, 42, { summary: 'no asin' },
  ]);
  assert.equal(products.length, 2);
  assert.notEqual(products[0]!.title, products[1]!.title);
  assert.match(products[1]!.title, /\(Model \w{5}\)$/);
});

test('readReviews: gzip or plain JSON lines; a bad line is an error that names it; a missing file is ENOENT', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'demo-products-'));
  try {
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, `${JSON.stringify(review('B0BAD00001', 'x', 'y'))}\n\n{not json\n`);
    await assert.rejects(readReviews(bad), /bad\.jsonl:3: not a JSON line/);
    await assert.rejects(readReviews(path.join(dir, 'missing.jsonl')), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const datasetFile = defaultReviewsFile(process.cwd(), process.env.LOCKSTEP_DATASETS_DIR);
test('the real dataset (when ../shared/datasets is there) gives a few hundred import rows the catalog plugin accepts', { skip: !existsSync(datasetFile) && `no dataset at ${datasetFile}` }, async () => {
  const products = productsFromReviews(await readReviews(datasetFile), { limit: 400 });
  assert.equal(products.length, 400);
  assert.equal(new Set(products.map((p) => p.sku)).size, 400);
  assert.equal(new Set(products.map((p) => p.title)).size, 400, 'titles are unique');
  const errors = [...Value.Errors(ImportCreate, { products })].slice(0, 3);
  assert.deepEqual(errors, []);
  // Titles read like products: most name a brand-free type or a brand, none is a bare review opinion.
  assert.ok(products.every((p) => !/!|\bgreat\b|\bawesome\b/i.test(p.title)), 'no opinion summaries as titles');
});

test('the fixture rows pass the catalog plugin\'s import schema', async () => {
  const products = productsFromReviews(await readReviews(FIXTURE));
  assert.deepEqual([...Value.Errors(ImportCreate, { products })], []);
});
