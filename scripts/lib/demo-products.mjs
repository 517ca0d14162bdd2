// Demo catalogue: turns the Amazon "Musical Instruments" 5-core reviews (../shared/datasets, research use only, never
// shipped) into storefront products for the catalog plugin's import API. The dataset has product ids (asins), star
// ratings and review text but no titles or prices, so: the product type and brand are read from what the reviews
// say, the title is "<brand> <type>" (or a review summary that already names the product), the price is synthetic
// (deterministic per asin within a typical range for the type) and the description quotes the most helpful review.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';

export const DATASET_FOLDER = 'amazon_musical_instruments_5core';
export const DATASET_FILE = 'reviews_Musical_Instruments_5.json.gz';
/** SKUs of demo products start with this, so a re-run upserts the same rows. */
export const SKU_PREFIX = 'mi-';

/** [title, keyword pattern, [min, max] price in the catalogue currency]. First match wins ties; order = priority. */
const TYPES = [
  ['Pop Filter', /\bpop (?:filter|screen)s?\b|\bwind ?screens?\b/g, [9, 29]],
  ['Capo', /\bcapos?\b/g, [9, 39]],
  ['Guitar Picks', /\bpicks\b|\bplectrums?\b/g, [4, 15]],
  ['Guitar Strap', /\bstraps?\b/g, [12, 45]],
  ['Clip-on Tuner', /\btuners?\b/g, [12, 49]],
  ['Guitar Strings', /\bstrings\b|\bgauges?\b/g, [6, 29]],
  ['Effects Pedal', /\bpedals?\b|\boverdrive\b|\bdistortion\b|\bfuzz\b|\bdelay\b|\breverb\b|\bchorus\b|\bwah\b|\bcompressor\b/g, [39, 199]],
  ['Instrument Cable', /\bcables?\b|\bcords?\b/g, [9, 49]],
  ['Microphone', /\bmics?\b|\bmicrophones?\b/g, [29, 249]],
  ['Guitar Amplifier', /\bamps?\b|\bamplifiers?\b/g, [79, 449]],
  ['Power Supply', /\bpower suppl(?:y|ies)\b|\badapters?\b|\bbattery\b/g, [15, 79]],
  ['Instrument Stand', /\bstands?\b|\bhangers?\b/g, [15, 69]],
  ['Gig Bag', /\bgig ?bags?\b|\bcases?\b/g, [25, 129]],
  ['Guitar Care Kit', /\bpolish\b|\bclean(?:er|ing)\b|\bspray\b|\blubricant\b|\bconditioner\b/g, [7, 25]],
  ['Pickup', /\bpickups?\b|\bhumbuckers?\b/g, [39, 149]],
  ['Headphones', /\bheadphones?\b/g, [29, 199]],
  ['Audio Interface', /\binterfaces?\b|\bmixer\b/g, [69, 299]],
  ['Keyboard', /\bkeyboards?\b|\bpiano\b/g, [99, 499]],
  ['Drumsticks', /\bdrum ?sticks?\b|\bsticks\b/g, [8, 25]],
  ['Ukulele', /\bukuleles?\b|\buke\b/g, [39, 199]],
  ['Harmonica', /\bharmonicas?\b/g, [19, 69]],
];
const BRANDS = [
  'Fender', 'Ernie Ball', "D'Addario", 'Elixir', 'Dunlop', 'Snark', 'Boss', 'Behringer', 'Shure', 'Planet Waves', 'Hosa',
  'Mogami', 'Kyser', 'Korg', 'Yamaha', 'Martin', 'GHS', 'Monster', 'Electro-Harmonix', 'MXR', 'TC Electronic', 'Gibson',
  'Seymour Duncan', 'DiMarzio', "Levy's", 'Gator', 'Hercules', 'On-Stage', "Musician's Gear", 'Audio-Technica', 'Nady',
  'Pyle', 'Zoom', 'Tascam', 'Rode', 'Samson', 'AKG', 'Sennheiser', 'Roland', 'Vox', 'Marshall', 'Orange', 'Peavey',
  'Ibanez', 'Epiphone', 'Squier', 'DigiTech', 'Joyo', 'Donner', 'Mooer', 'Line 6', 'Shubb', 'G7th', 'Paige',
  'Dean Markley', 'Rotosound', 'Cleartone', 'Gorilla', 'Neewer', 'LyxPro', 'Pig Hog', 'Whirlwind', 'Danelectro',
  'Ampeg', 'Peterson', 'Music Nomad', 'Graph Tech', 'Schaller', 'Grover', 'Fishman', 'Vic Firth', 'Promark',
  'Hohner', 'Kala', 'Casio', 'M-Audio', 'Focusrite', 'PreSonus', 'Mackie', 'Electro-Voice', 'MXL', 'Intellitouch',
  'Livewire', 'Dean', 'Jim Dunlop', 'Ebow', 'Wampler', 'Xvive', 'Caline', 'Voodoo Lab', 'Truetone', 'Cordial',
].map((name) => [name, new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]?").replace(/[- ]/g, '[- ]?')}\\b`, 'gi')]);
/** Words that tell similar products apart ("Leather Guitar Strap", "Phosphor Bronze Acoustic Guitar Strings"). */
const QUALIFIERS = [
  'Phosphor Bronze', 'Nickel', 'Coated', 'Acoustic', 'Electric', 'Bass', 'Classical', 'Leather', 'Nylon', 'Cotton', 'Suede',
  'Celluloid', 'Braided', 'Right-Angle', 'Stereo', 'Chromatic', 'Condenser', 'Dynamic', 'USB', 'Wireless', 'Tube',
  'Compact', 'Mini', 'Folding', 'Padded', 'Heavy-Duty', 'Tremolo', 'Vintage', 'Studio', 'Multi-Effects', 'Looper',
].map((name) => [name, new RegExp(`\\b${name.toLowerCase().replace('-', '[- ]?')}\\b`, 'g')]);
/** Summaries that are opinions or sentences, not product names. */
const OPINION = /\b(great|good|nice|best|love|awesome|excellent|works?|worth|perfect|cheap|stars?|buy|recommend|not|bad|poor|must|happy|wow|amazing|solid|decent|fine|ok|okay|quality|price|value|review|is|are|was|for the|between|than|delight|my|i|you|it)\b|[!?$:]/i;

/** FNV-1a: a stable number per string (prices and stock must not change between runs). */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

const count = (re, text) => (text.match(re) ?? []).length;
const clip = (s, n) => (s.length <= n ? s : `${s.slice(0, s.lastIndexOf(' ', n - 1) > n / 2 ? s.lastIndexOf(' ', n - 1) : n - 1)}…`);

/** Where the reviews file is: `LOCKSTEP_DATASETS_DIR` (default ../shared/datasets next to the repository). */
export function defaultReviewsFile(root, datasetsDir) {
  return path.join(path.resolve(root, datasetsDir ?? path.join('..', 'shared', 'datasets')), DATASET_FOLDER, DATASET_FILE);
}

/** Reads a JSON-lines reviews file (gzip when it ends in .gz). Blank lines are skipped; a bad line is an error naming it. */
export async function readReviews(file) {
  if (!existsSync(file)) throw Object.assign(new Error(`reviews file not found: ${file}`), { code: 'ENOENT' });
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const reviews = [];
  let n = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    try {
      reviews.push(JSON.parse(line));
    } catch {
      throw new Error(`${file}:${n}: not a JSON line`);
    }
  }
  return reviews;
}

function pickType(text, summaries) {
  let best = null;
  for (const [title, re, range] of TYPES) {
    const score = count(re, text) + 3 * count(re, summaries);
    if (score > 0 && (!best || score > best.score)) best = { title, range, score };
  }
  return best;
}

function pickBrand(text, reviews) {
  let best = null;
  for (const [name, re] of BRANDS) {
    const n = count(re, text);
    if (n >= 2 && n >= reviews / 5 && (!best || n > best.n)) best = { name, n };
  }
  return best?.name ?? null;
}

/** A summary that reads like a product name ("Fender 18 Feet California Clear Instrument Cable"), if any. */
function namedSummary(group, brand, typeRe) {
  if (!brand) return null;
  const candidates = group.map((r) => String(r.summary ?? '').trim().replace(/\s+/g, ' ').replace(/[\s.,;-]+$/, ''))
    .filter((s) => s.length >= 14 && s.length <= 90 && !OPINION.test(s) && s !== s.toUpperCase() && s.split(' ').length >= 3)
    .filter((s) => s.toLowerCase().startsWith(brand.toLowerCase()) && /\b[A-Za-z]*\d+[A-Za-z]*\b/.test(s) && count(new RegExp(typeRe.source, 'gi'), s) > 0);
  return candidates.sort((a, b) => b.length - a.length)[0] ?? null;
}

function qualifier(text, reviews, typeTitle) {
  let best = null;
  for (const [name, re] of QUALIFIERS) {
    if (typeTitle.toLowerCase().includes(name.toLowerCase())) continue;
    const n = count(re, text);
    if (n >= 2 && n >= reviews / 4 && (!best || n > best.n)) best = { name, n };
  }
  return best?.name ?? null;
}

/** A length, gauge or size the reviews agree on, to tell similar products apart ("18 ft", "10-46"). */
function detail(text) {
  const found = new Map();
  for (const m of text.matchAll(/\b(\d{1,2}(?:\.\d)?)\s?(?:ft|foot|feet|')(?=\W)/g)) found.set(`${m[1]} ft`, (found.get(`${m[1]} ft`) ?? 0) + 1);
  for (const m of text.matchAll(/\b(0?\.?0?(?:09|1[0-3]))\s?-\s?(0?\.?0?(?:4[0-9]|5[0-6]))\b/g)) found.set(`${m[1].replace(/^0?\.?0?/, '')}-${m[2].replace(/^0?\.?0?/, '')}`, (found.get(m[0]) ?? 0) + 1);
  const [top] = [...found.entries()].sort((a, b) => b[1] - a[1]);
  return top && top[1] >= 2 ? top[0] : null;
}

/**
 * Products from reviews: one per asin with a recognisable type, the most reviewed first, at most `limit`.
 * Every field fits the catalog plugin's ProductCreate schema (sku ≤ 64, title ≤ 300, description ≤ 5000).
 */
export function productsFromReviews(reviews, { limit = 400, currency = 'EUR' } = {}) {
  const byAsin = new Map();
  for (const r of reviews) {
    if (!r || typeof r.asin !== 'string' || !/^[A-Z0-9]{10}$/.test(r.asin)) continue;
    if (!byAsin.has(r.asin)) byAsin.set(r.asin, []);
    byAsin.get(r.asin).push(r);
  }
  const products = [];
  const titles = new Map();
  const groups = [...byAsin.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [asin, group] of groups) {
    if (products.length >= limit) break;
    const text = group.map((r) => `${r.summary ?? ''} ${r.reviewText ?? ''}`).join(' \n ').toLowerCase();
    const summaries = group.map((r) => String(r.summary ?? '')).join(' \n ').toLowerCase();
    const type = pickType(text, summaries);
    if (!type) continue;
    const brand = pickBrand(text, group.length);
    const typeRe = TYPES.find(([t]) => t === type.title)[1];
    const named = namedSummary(group, brand, typeRe);
    const extra = detail(text);
    let title = named ?? [brand, qualifier(text, group.length, type.title), type.title, extra ? `(${extra})` : null].filter(Boolean).join(' ');
    const seen = titles.get(title) ?? 0;
    titles.set(title, seen + 1);
    if (seen > 0) title = `${title} (Model ${asin.slice(-5)})`;
    const ratings = group.map((r) => Number(r.overall)).filter((n) => n >= 1 && n <= 5);
    const rating = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null;
    const helpful = [...group].filter((r) => typeof r.reviewText === 'string' && r.reviewText.length >= 60)
      .sort((a, b) => (b.helpful?.[0] ?? 0) - (a.helpful?.[0] ?? 0) || b.reviewText.length - a.reviewText.length)[0];
    const h = hash(asin);
    const [min, max] = type.range;
    const price = Math.round((min + (h % 1000) / 1000 * (max - min))) + (h % 2 ? 0.99 : 0.49);
    const lines = [
      `${type.title}${brand ? ` by ${brand}` : ''}.`,
      rating !== null ? `Rated ${rating.toFixed(1)} out of 5 by ${ratings.length} shoppers.` : '',
      helpful ? `What a shopper says: “${clip(helpful.reviewText.replace(/\s+/g, ' ').trim(), 600)}”` : '',
      `Amazon product ${asin} (Musical Instruments 5-core reviews, research use; price is illustrative).`,
    ];
    products.push({
      sku: `${SKU_PREFIX}${asin.toLowerCase()}`,
      title: clip(title, 300),
      description: clip(lines.filter(Boolean).join('\n'), 5000),
      price: Math.round(price * 100) / 100,
      currency,
      channels: ['web', 'ios'],
      stock: h % 11 === 0 ? 0 : 3 + (h % 40),
    });
  }
  return products;
}
