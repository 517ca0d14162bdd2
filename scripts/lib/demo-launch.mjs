// What `npm start` does for the demo shop (/demo): a stable publishable key for the demo tenant, and a first load of
// the demo catalogue when the datasets folder exists. Launcher code: reads process.env directly on purpose.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './services.mjs';
import { defaultReviewsFile } from './demo-products.mjs';

const KEY_FILE = 'demo-publishable-key';
const KEY_PATTERN = /^pk_[A-Za-z0-9_]{16,120}$/;

/**
 * The demo tenant's publishable key when LOCKSTEP_DEMO_PUBLISHABLE_KEY is not set: generated once and kept in
 * `<data dir>/demo-publishable-key`, so the API can register it (seed) and hand it to the storefront (/demo/config.json)
 * on every start. Publishable keys are public by design (catalogue reads and events only).
 */
export function demoPublishableKey(dataDir) {
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (KEY_PATTERN.test(saved)) return saved;
  }
  const key = `pk_demo_${randomBytes(16).toString('hex')}`;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * Starts `scripts/demo-catalog.mjs --if-empty` in the background (it needs the API and a worker): non-fatal, it only
 * logs. `ownsStore`: the launcher started the embedded store, so the loader may mint itself a temporary secret key
 * there when neither LOCKSTEP_SECRET_KEY nor LOCKSTEP_ADMIN_PASSWORD is set. Returns the child process, or null when
 * there is no dataset to load.
 */
export function startDemoCatalogLoad({ env, url, log, ownsStore }) {
  const file = defaultReviewsFile(ROOT, env.LOCKSTEP_DATASETS_DIR);
  if (!existsSync(file)) {
    log(`demo shop: no dataset at ${file}; its catalogue stays empty until \`npm run demo:catalog\` (see demo/README.md)`);
    return null;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'demo-catalog.mjs'), '--if-empty', '--url', url, ...(ownsStore ? ['--mint-key'] : [])], {
    cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && !signal) log(`demo shop: the catalogue was not loaded (exit ${code}); run \`npm run demo:catalog\` to retry`);
  });
  return child;
}
