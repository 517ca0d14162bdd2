// Embedded services for `npm start`, `npm test` and CI: Redis (Debian redis-server) and FerretDB v1.24 (SQLite
// backend, built from source with Go into .tools/). Launcher code: reads process.env directly on purpose.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, cpSync, writeFileSync, chmodSync, readdirSync, statSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const TOOLS = path.join(ROOT, '.tools');
export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_BIN = path.join(TOOLS, 'bin', 'ferretdb');

const log = (msg) => process.stderr.write(`[lockstep] ${msg}\n`);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkgs) {
  if (process.getuid?.() !== 0) throw new Error(`missing ${pkgs.join(', ')}: install them (apt-get install ${pkgs.join(' ')}) or run as root`);
  log(`installing ${pkgs.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  }
  if (r.status !== 0) throw new Error(`apt-get install ${pkgs.join(' ')} failed`);
}

export function ensureRedis() {
  if (!has('redis-server')) aptInstall(['redis-server']);
}

export function ensureChromium() {
  if (!existsSync('/usr/bin/chromium')) aptInstall(['chromium']);
}

/**
 * Source patches applied to FerretDB before it is built. Each names the exact text it replaces; a build fails if the
 * text is not there (another version), so a patch never silently stops applying.
 */
export const FERRETDB_PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
    why: 'The SQLite backend looks `_id` up as `_ferretdb_sjson->\'$._id\'` but indexes it as `_ferretdb_sjson->"_id"`: '
      + 'SQLite matches index expressions by their text, so every find, update and delete by _id scanned the whole '
      + 'table (33 ms per lookup at 10,000 documents). `->\'_id\'` is the same JSON path and the planner uses the index.',
  },
];
/** What the binary in .tools/bin was built from; a different stamp (`<bin>.build`) rebuilds it. */
export const FERRETDB_BUILD = `${FERRETDB_VERSION}+lockstep.${FERRETDB_PATCHES.length}`;
/** The unpatched release, built only for benchmarks that compare (`ensureFerretDB({ stock: true })`). */
export const FERRETDB_STOCK_BIN = path.join(TOOLS, 'bin', 'ferretdb-stock');

/** Applies FERRETDB_PATCHES to a copy of the module source (idempotent). */
export function patchFerretDB(src) {
  for (const p of FERRETDB_PATCHES) {
    const file = path.join(src, p.file);
    const text = readFileSync(file, 'utf8');
    if (text.includes(p.to) && !text.includes(p.from)) continue;
    if (!text.includes(p.from)) throw new Error(`FerretDB patch for ${p.file} does not apply: "${p.from}" is not in the source`);
    writeFileSync(file, text.replace(p.from, p.to));
  }
}

/**
 * Builds FerretDB into .tools/bin once. `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` cannot be
 * used as is: the module proxy here refuses the module's version list (go install's deprecation check), and the
 * module zip ships an empty build/version/version.txt, so the binary panics at start. We download the exact
 * version, write version.txt, apply FERRETDB_PATCHES and build the same command from the module source.
 * `{ stock: true }` builds the unpatched release beside it (FERRETDB_STOCK_BIN), for benchmarks that compare.
 * Returns the binary's path.
 */
export function ensureFerretDB({ stock = false } = {}) {
  const bin = stock ? FERRETDB_STOCK_BIN : FERRETDB_BIN;
  const build = stock ? FERRETDB_VERSION : FERRETDB_BUILD;
  const stamp = `${bin}.build`;
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (built === build && existsSync(bin) && spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0) return bin;
  if (!has('go')) throw new Error('Go is needed once to build FerretDB (https://go.dev/dl or apt-get install golang)');
  log(`building FerretDB ${build} into .tools/bin (once, ~2 min)`);
  const env = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GOTOOLCHAIN: 'local' };
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { env, encoding: 'utf8' }));
  if (!info.Dir) throw new Error(`go mod download gave no source folder: ${info.Error ?? JSON.stringify(info)}`);
  const src = path.join(TOOLS, 'src', `ferretdb-${FERRETDB_VERSION}${stock ? '-stock' : ''}`);
  mkdirSync(path.dirname(src), { recursive: true });
  cpSync(info.Dir, src, { recursive: true, force: true });
  spawnSync('chmod', ['-R', 'u+w', src]);
  writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  if (!stock) patchFerretDB(src);
  mkdirSync(path.dirname(bin), { recursive: true });
  const r = spawnSync('go', ['build', '-o', bin, './cmd/ferretdb'], { cwd: src, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building FerretDB failed (see go output above)');
  chmodSync(bin, 0o755);
  writeFileSync(stamp, `${build}\n`);
  return bin;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portInUse(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

export async function waitForPort(port, timeoutMs, child, name) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening on ${port}`);
    if (await portInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on port ${port} within ${timeoutMs} ms`);
}

/**
 * Services run in their own process group (detached), so a terminal's Ctrl-C reaches the launcher, the API and
 * the workers first; the launcher stops the services after they drained. If the launcher dies, they go too.
 */
function killOnExit(child) {
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGTERM'); });
}

/** Redis with AOF on (queued work survives a restart), data under dataDir. */
export async function startRedis({ dataDir, port, quiet = true }) {
  mkdirSync(dataDir, { recursive: true });
  if (await portInUse(port)) throw new Error(`port ${port} is in use: is another Lockstep (or Redis) running? Set REDIS_URL to use it, or stop it`);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'yes'], { stdio: quiet ? 'ignore' : 'inherit', detached: true });
  killOnExit(child);
  await waitForPort(port, 10_000, child, 'redis-server');
  return child;
}

/**
 * SQLite's `synchronous` setting for the embedded store (`LOCKSTEP_FERRETDB_SYNCHRONOUS`): `normal` (default) or
 * `full`. FerretDB runs SQLite in WAL mode; with `normal` a committed write survives any crash of FerretDB or of
 * Lockstep (the WAL is written before the client is answered) and only an OS crash or power loss may roll back the
 * newest commits — MongoDB's own default (w:1, journal flushed every 100 ms) gives the same. `full` also fsyncs
 * every commit: about half the write rate here. See docs/ferretdb.md.
 */
export function ferretdbSynchronous(env = process.env) {
  const v = (env.LOCKSTEP_FERRETDB_SYNCHRONOUS || 'normal').toLowerCase();
  if (v !== 'normal' && v !== 'full') throw new Error(`LOCKSTEP_FERRETDB_SYNCHRONOUS must be "normal" or "full", got "${env.LOCKSTEP_FERRETDB_SYNCHRONOUS}"`);
  return v;
}

/** FerretDB v1 with the SQLite backend, data under dataDir, telemetry off. */
export async function startFerretDB({ dataDir, port, quiet = true, bin = FERRETDB_BIN, synchronous = ferretdbSynchronous() }) {
  const sqlite = path.join(dataDir, 'sqlite');
  mkdirSync(sqlite, { recursive: true });
  if (await portInUse(port)) throw new Error(`port ${port} is in use: is another Lockstep (or MongoDB) running? Set MONGODB_URI to use it, or stop it`);
  const child = spawn(bin, [
    '--handler=sqlite', `--sqlite-url=file:${sqlite}/?_pragma=synchronous(${synchronous})`, `--state-dir=${dataDir}`, `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-', '--telemetry=disable', '--log-level=warn',
  ], { stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'], detached: true });
  killOnExit(child);
  await waitForPort(port, 20_000, child, 'ferretdb');
  return child;
}

export function stopChild(child, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode) return resolve();
    const t = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the console with Vite when its build is missing or older than its sources. */
export function ensureConsoleBuilt({ force = false } = {}) {
  const index = path.join(ROOT, 'admin-ui', 'dist', 'index.html');
  const srcNewest = Math.max(newestMtime(path.join(ROOT, 'admin-ui', 'src')), statSync(path.join(ROOT, 'admin-ui', 'index.html')).mtimeMs);
  if (!force && existsSync(index) && statSync(index).mtimeMs >= srcNewest) return;
  log('building the console (vite)');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('console build failed');
}

/** Builds the demo storefront (demo/build.mjs: esbuild, with the SDK) when demo/dist is missing or older than its sources. */
export function ensureDemoBuilt({ force = false } = {}) {
  const built = path.join(ROOT, 'demo', 'dist', 'app.js');
  const sources = [path.join(ROOT, 'demo', 'src'), path.join(ROOT, 'sdk', 'src')];
  const srcNewest = Math.max(...sources.map(newestMtime), ...['index.html', 'styles.css', 'build.mjs'].map((f) => statSync(path.join(ROOT, 'demo', f)).mtimeMs));
  if (!force && existsSync(built) && existsSync(path.join(ROOT, 'demo', 'dist', 'index.html')) && statSync(built).mtimeMs >= srcNewest) return;
  log('building the demo shop (esbuild)');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'demo', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('demo shop build failed');
}
