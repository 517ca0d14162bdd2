#!/usr/bin/env node
// Builds the demo storefront into demo/dist: src/main.ts (with the SDK from ../sdk/src, bundled by esbuild — a
// dependency of tsx, so always installed) → app.js, plus index.html and styles.css. `npm run build:demo`;
// `npm start` and `npm test` run it when dist is missing or older than its sources (scripts/lib/services.mjs).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = path.join(DEMO_DIR, 'dist');
/** What the build reads: a change to any of them makes dist stale. */
export const SOURCES = [path.join(DEMO_DIR, 'src'), path.join(DEMO_DIR, 'index.html'), path.join(DEMO_DIR, 'styles.css'), path.join(DEMO_DIR, '..', 'sdk', 'src')];

export async function buildDemo({ minify = true } = {}) {
  rmSync(DIST_DIR, { recursive: true, force: true });
  mkdirSync(DIST_DIR, { recursive: true });
  await build({
    entryPoints: [path.join(DEMO_DIR, 'src', 'main.ts')],
    outfile: path.join(DIST_DIR, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(path.join(DEMO_DIR, file), path.join(DIST_DIR, file));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildDemo({ minify: !process.argv.includes('--no-minify') }).catch((err) => {
    process.stderr.write(`demo build failed: ${err.message}\n`);
    process.exit(1);
  });
}
