#!/usr/bin/env node
// Builds the SDK into one browser ES module, sdk/dist/lockstep.js (no dependencies, no imports), plus its typings
// (sdk/dist/lockstep.d.ts → sdk/dist/types/sdk/src/*.d.ts). The pure merge library (plugins/sync/crdt) is bundled in. Uses the esbuild that tsx and vite already install.
//
//   node sdk/scripts/bundle.mjs [--minify] [--no-types] [--outdir=path]
//   import { bundleSdk } from './sdk/scripts/bundle.mjs'; await bundleSdk({ minify: true });
//
// sdk/dist is git-ignored (sdk/.gitignore): build it where it is served.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTDIR = path.join(SDK, 'dist');

/**
 * @param {{ outdir?: string; minify?: boolean; types?: boolean }} [options]
 *   outdir: default sdk/dist; minify: default false; types: also emit .d.ts files (runs tsc, a few seconds), default true.
 * @returns {Promise<{ file: string; bytes: number; types?: string }>}
 */
export async function bundleSdk({ outdir = DEFAULT_OUTDIR, minify = false, types = true } = {}) {
  const esbuild = await import('esbuild').catch(() => {
    throw new Error('esbuild is not installed (it comes with tsx and vite): run npm install at the repository root');
  });
  const { version } = JSON.parse(await readFile(path.join(SDK, 'package.json'), 'utf8'));
  const file = path.join(outdir, 'lockstep.js');
  await mkdir(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(SDK, 'src', 'index.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // ES2020: every browser of the last few years (sendBeacon, fetch, AbortController are native there too).
    target: 'es2020',
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    banner: { js: `/* @lockstep/sdk ${version}: storefront client of Lockstep (ES module). See sdk/README.md. */` },
  });
  const out = { file, bytes: (await stat(file)).size };
  if (types) out.types = await emitTypes(outdir);
  return out;
}

/**
 * Declarations of src/ into outdir/types, and outdir/lockstep.d.ts re-exporting them (the bundle's typings). The root
 * is the repository (src/sync imports the pure merge library from plugins/sync/crdt), so src/ lands in
 * types/sdk/src/; the public typings reach only the SDK's own hand-written types (src/sync/wire.ts), never the server's.
 */
async function emitTypes(outdir) {
  const typesDir = path.join(outdir, 'types');
  await rm(typesDir, { recursive: true, force: true });
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(SDK, 'tsconfig.build.json'), '--emitDeclarationOnly', '--declarationMap', 'false', '--outDir', typesDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tsc failed while emitting the SDK typings:\n${r.stdout}${r.stderr}`);
  const dts = path.join(outdir, 'lockstep.d.ts');
  await writeFile(dts, "export * from './types/sdk/src/index.js';\n");
  return dts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outdirArg = args.find((a) => a.startsWith('--outdir='));
  const unknown = args.filter((a) => !['--minify', '--no-types'].includes(a) && a !== outdirArg);
  if (unknown.length) {
    process.stderr.write(`unknown option(s): ${unknown.join(' ')}\nusage: node sdk/scripts/bundle.mjs [--minify] [--no-types] [--outdir=path]\n`);
    process.exit(2);
  }
  try {
    const r = await bundleSdk({
      outdir: outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : DEFAULT_OUTDIR,
      minify: args.includes('--minify'),
      types: !args.includes('--no-types'),
    });
    process.stdout.write(`${path.relative(process.cwd(), r.file)} (${(r.bytes / 1024).toFixed(1)} KiB)${r.types ? `, ${path.relative(process.cwd(), r.types)}` : ''}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
