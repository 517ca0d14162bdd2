// Identity resolution: identifier → person, per second, from the resolver's in-memory cache and as a cold lookup
// against the real store, with baselines from the same run: the raw driver's findOne by _id on the same collection
// (the store's own limit for one primary-key read) and, for contrast, the filtered lookup on (tenantId, kind, value)
// that FerretDB v1 evaluates in Go over every document. One HTTP run: GET /resolve (a cache hit) with
// autocannon, next to the app's trivial public route.
// Run through `npm run bench -- identity` (it starts FerretDB and Redis).
import { createHash } from 'node:crypto';
import { buildApp } from '../server/src/app.ts';
import { seedIfEmpty } from '../server/src/bootstrap/seed.ts';
import type { PluginContext } from '../server/src/core/plugin-contract.ts';
import { identityServices } from '../plugins/identity/services/services.ts';
import { Resolver } from '../plugins/identity/services/resolver.service.ts';
import type { IdentifierRef } from '../plugins/identity/types.ts';
import {
  ADMIN_EMAIL, ADMIN_PASSWORD, PING_PATH, benchConfig, emit, expectOk, inProcessRun, listen, log, machine, measure, ratio, seconds, injectOk, runBench, type Run,
} from './lib/harness.ts';

/** Identifiers in the graph while measuring (lookups pick among them at random). */
const IDENTIFIERS = Number(process.env.BENCH_IDENTITY_SIZE) > 0 ? Number(process.env.BENCH_IDENTITY_SIZE) : 5000;
/** Lookups in flight at once (async loops in this process). */
const CONCURRENCY = 8;
const DURATION = seconds('BENCH_DURATION_S', 6);
const WARMUP = seconds('BENCH_WARMUP_S', 1);

/** Runs `op` from CONCURRENCY loops: a discarded warm-up, then DURATION seconds measured. Every op must succeed. */
const inProcess = (label: string, op: (i: number) => Promise<unknown>): Promise<Run> =>
  inProcessRun(label, op, { concurrency: CONCURRENCY, durationS: DURATION, warmupS: WARMUP, unit: 'lookups/s' });

async function main(): Promise<void> {
  const config = benchConfig();
  log(`identity: database ${config.dbName}, ${IDENTIFIERS} identifiers`);
  const app = await buildApp(config, { logger: false, serveConsole: false });
  app.get(PING_PATH, { config: { public: true } }, async () => ({ ok: true }));
  await app.ready();
  const seed = await seedIfEmpty(app.lockstep);
  const tenantId = seed.demoTenantId;
  const ctx = app.lockstep.host.contexts.get('identity') as PluginContext | undefined;
  if (!ctx) throw new Error('the identity plugin is not active');
  const svc = identityServices(ctx);
  const identifiers = ctx.model('Identifier');
  const raw = app.lockstep.connection.collection('identity_identifiers');

  // The graph: one person per device, written as the stitcher writes a first sighting (person, then identifier).
  const refs: IdentifierRef[] = Array.from({ length: IDENTIFIERS }, (_, i) => ({ kind: 'anonymous_id', value: `bench-${createHash('sha1').update(String(i)).digest('hex').slice(0, 16)}` }));
  const now = new Date();
  for (let i = 0; i < refs.length; i += 500) {
    const slice = refs.slice(i, i + 500);
    const persons = slice.map((r, j) => ({ _id: `prs_bench${String(i + j).padStart(8, '0')}`, tenantId, userId: null, channels: ['web'], identifierCount: 1, firstSeenAt: now, lastSeenAt: now, mergedInto: null }));
    await ctx.model('Person').insertMany(persons);
    await identifiers.insertMany(slice.map((r, j) => ({ _id: svc.repo.identifierId(tenantId, r), tenantId, kind: r.kind, value: r.value, personId: persons[j]._id, firstSeenAt: now, lastSeenAt: now, channel: 'web' })));
  }
  log(`  stored ${await identifiers.countDocuments({ tenantId })} identifiers`);
  const pick = () => refs[Math.floor(Math.random() * refs.length)];
  const expectPerson = (p: string | null, what: string) => { if (!p?.startsWith('prs_bench')) throw new Error(`${what} resolved to ${p}`); };

  // Resolvers: the plugin's own (its cache warmed with every identifier), and one without a cache to speak of.
  const warm = svc.resolver;
  for (const r of refs) await warm.resolve(tenantId, r);
  const cold = new Resolver(identifiers, (t, r) => svc.repo.identifierId(t, r), { max: 1 });

  const owner = { authorization: `Bearer ${(await injectOk(app, 'POST', '/api/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).token}` };
  const fixed = refs[0];
  const resolveUrl = `/api/plugins/identity/resolve?kind=${fixed.kind}&value=${fixed.value}`;
  const base = await listen(app);
  const runs: Run[] = [];
  try {
    const rawFindOne = async () => {
      const d = await raw.findOne({ _id: svc.repo.identifierId(tenantId, pick()) as any }, { projection: { personId: 1 } });
      expectPerson(d?.personId as string, 'raw');
    };
    runs.push(await inProcess('raw driver findOne by _id (baseline, before)', rawFindOne));
    runs.push(await inProcess('resolve, cache hit', async () => expectPerson(await warm.resolve(tenantId, pick()), 'cache hit')));
    runs.push(await inProcess('resolve, cold (one lookup by derived _id)', async () => expectPerson(await cold.resolve(tenantId, pick()), 'cold')));
    runs.push(await inProcess('filtered lookup {tenantId, kind, value} (what a naive resolve costs here)', async () => {
      const r = pick();
      const d = await raw.findOne({ tenantId, kind: r.kind, value: r.value }, { projection: { personId: 1 } });
      expectPerson(d?.personId as string, 'filtered');
    }));
    runs.push(await inProcess('raw driver findOne by _id (baseline, after)', rawFindOne));
    await expectOk(`${base}${PING_PATH}`);
    await expectOk(`${base}${resolveUrl}`, owner);
    const common = { connections: 10, duration: DURATION, warmup: Math.max(1, WARMUP) };
    runs.push(await measure({ label: 'lockstep, public trivial route', url: `${base}${PING_PATH}`, ...common }));
    runs.push(await measure({ label: 'GET /api/plugins/identity/resolve (owner session, cache hit)', url: `${base}${resolveUrl}`, headers: owner, ...common }));
  } finally {
    await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
    await app.close();
  }

  const [rawBefore, hit, coldRun, filtered, rawAfter, pub, http] = runs;
  // The baseline is measured before and after the resolver runs; their mean evens out drift on a busy machine.
  const rawRun = { rps: (rawBefore.rps + rawAfter.rps) / 2, p50: (rawBefore.p50 + rawAfter.p50) / 2 };
  emit({
    name: 'identity',
    runs,
    ratios: {
      'cache hit / raw findOne rps': ratio(hit.rps, rawRun.rps),
      'cold resolve / raw findOne rps': ratio(coldRun.rps, rawRun.rps),
      'cold resolve / raw findOne p50': ratio(coldRun.p50, rawRun.p50),
      'filtered lookup / raw findOne rps': ratio(filtered.rps, rawRun.rps),
      'GET /resolve / public route rps': ratio(http.rps, pub.rps),
    },
    notes: [
      `${IDENTIFIERS} identifiers of one tenant (BENCH_IDENTITY_SIZE); in-process runs keep ${CONCURRENCY} lookups in flight, ${WARMUP} s warm-up + ${DURATION} s each; every lookup is checked.`,
      'Cold resolve = the plugin resolver with no usable cache: one findOne by the identifier _id derived from (tenant, kind, value), tenant checked on the document.',
      'FerretDB v1 (SQLite) pushes only an exact {_id} filter down to SQLite (indexed since our build patch, see bench store-lookup); the filtered lookup on (tenantId, kind, value) is evaluated in Go over every document and falls as the graph grows; the cache does not.',
      'GET /resolve goes through the whole request pipeline (session lookup in the store, CASL, plugin switch) on top of the cache hit.',
    ],
    machine: machine(),
  });
}

runBench('identity', main);
