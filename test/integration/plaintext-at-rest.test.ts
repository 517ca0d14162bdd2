import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '../helpers/stack.ts';

/** Every file under a folder (FerretDB's SQLite databases and WAL files, Redis's AOF and RDB files). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function filesContaining(dir: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    if ((await stat(file)).size > 512 * 1024 * 1024) continue;
    const bytes = await readFile(file);
    for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) hits.push(`${path.relative(dir, file)} contains "${n}"`);
  }
  return hits;
}

async function poll<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('no plaintext personal data on disk: a planted email and name from identify traits and a support message are in no store, Redis or log file', async (t) => {
  const tmp = process.env.LOCKSTEP_TEST_TMP;
  assert.ok(tmp, 'run through npm test (it sets LOCKSTEP_TEST_TMP, where FerretDB and Redis keep their files)');
  const stack: Stack = await startStack({ workers: 1, env: { LOG_LEVEL: 'debug' } });
  t.after(() => stack.stop());
  const tag = randomBytes(4).toString('hex');
  const email = `zebulon.${tag}@planted-example.org`;
  const name = `Zebulon Quixmarch${tag}`;
  const anonymousId = `anon-${tag}`;
  const now = new Date().toISOString();
  const send = (events: unknown[]) => fetch(`${stack.baseUrl}/v1/events?key=${stack.publishableKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });

  const res = await send([
    { eventId: `e1-${tag}`, type: 'identify', anonymousId, userId: `user-${tag}`, channel: 'web', timestamp: now, traits: { email, name, phone: '+44 20 7946 0321' } },
    { eventId: `e2-${tag}`, type: 'support_message', anonymousId, userId: `user-${tag}`, channel: 'web', timestamp: now, properties: { text: `Hi, I am ${name}, my address is ${email}, please call me back`, conversationId: `c-${tag}` } },
  ]);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text) as { accepted: string[]; rejected: unknown[] };
  assert.equal(body.accepted.length, 2, JSON.stringify(body));

  // The platform still works with the data: the console finds the person by email (blind index) and shows the traits.
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
  const auth = { authorization: `Bearer ${(await login.json() as { token: string }).token}` };
  const person = await poll('the identity worker to stitch the identify event', async () => {
    const r = await fetch(`${stack.baseUrl}/api/plugins/identity/persons?filter=${encodeURIComponent(JSON.stringify({ q: email.toUpperCase() }))}`, { headers: auth });
    const rows = (await r.json()) as { id: string; traits: Record<string, unknown> }[];
    return Array.isArray(rows) && rows.length === 1 && rows[0].traits.email ? rows[0] : null;
  });
  assert.equal(person.traits.email, email);
  assert.equal(person.traits.name, name);
  const events = await (await fetch(`${stack.baseUrl}/api/events?filter=${encodeURIComponent(JSON.stringify({ anonymousId }))}`, { headers: auth })).json() as { type: string; properties: Record<string, unknown> }[];
  const support = events.find((e) => e.type === 'support_message');
  assert.ok(support, 'the support message is listed');
  assert.match(String(support.properties.text), /<EMAIL>/, 'the stored support message has the address replaced by a type tag');
  assert.ok(!String(support.properties.text).includes(email));

  // Let SQLite's WAL and Redis's AOF (appendfsync everysec) reach the disk.
  await new Promise((r) => setTimeout(r, 1500));
  const needles = [email, name, email.toUpperCase()];
  assert.deepEqual(await filesContaining(path.join(tmp!, 'ferretdb'), needles), [], 'FerretDB files hold plaintext personal data');
  assert.deepEqual(await filesContaining(path.join(tmp!, 'redis'), needles), [], 'Redis files hold plaintext personal data');
  const logs = stack.output();
  assert.ok(logs.length > 0, 'the processes logged something (debug level)');
  for (const n of needles) assert.ok(!logs.includes(n), `the logs hold "${n}"`);
  // Control: the scan does find what is stored in clear (the userId, a pseudonymous id), so a miss above is meaningful.
  assert.ok((await filesContaining(path.join(tmp!, 'ferretdb'), [`user-${tag}`])).length > 0, 'the scan finds the clear userId, so it reads the right files');
});
