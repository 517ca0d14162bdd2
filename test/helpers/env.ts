import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../server/src/config/load-config.ts';

/** The store and Redis that scripts/test.mjs started for this run. */
export function testServices(): { mongoBase: string; redisUrl: string } {
  const mongoBase = process.env.LOCKSTEP_TEST_MONGODB_URI;
  const redisUrl = process.env.LOCKSTEP_TEST_REDIS_URL;
  if (!mongoBase || !redisUrl) throw new Error('run tests through `npm test` (it starts FerretDB and Redis and sets LOCKSTEP_TEST_MONGODB_URI / LOCKSTEP_TEST_REDIS_URL)');
  return { mongoBase, redisUrl };
}

/** A fresh database and Redis prefix per call (BullMQ's randomUUID pattern): tests never share state. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig & { dbName: string } {
  const { mongoBase, redisUrl } = testServices();
  const id = randomBytes(5).toString('hex');
  const dbName = `lockstep_t_${id}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: `${mongoBase}/${dbName}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `t${id}`,
    LOG_LEVEL: 'silent',
    LOCKSTEP_ADMIN_EMAIL: 'owner@test.local',
    LOCKSTEP_ADMIN_PASSWORD: 'owner-password-1',
    LOCKSTEP_DEMO_PUBLISHABLE_KEY: `pk_test_${id}0123456789`,
    RATE_LIMIT_MAX: '100000',
    WORKER_HEARTBEAT_TTL_SECONDS: '5',
    // One keyring per test run (scripts/test.mjs), shared by the test's API and worker processes.
    ...(process.env.LOCKSTEP_TEST_KEYRING ? { LOCKSTEP_KEYRING_PATH: process.env.LOCKSTEP_TEST_KEYRING } : {}),
    ...overrides,
  });
  return Object.assign(Object.create(null), config, { dbName });
}
