import { pino } from 'pino';
import { loadConfig, ConfigError } from '../../server/src/config/load-config.ts';
import { loggerOptions } from '../../server/src/logging/logger.ts';
import { startWorkerRuntime } from './worker-runtime.ts';

/** Worker process entry: separate from the API; drains active jobs on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = pino({ ...loggerOptions(config.LOG_LEVEL), name: 'lockstep-worker' });
  const runtime = await startWorkerRuntime(config, log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'worker draining');
    const timer = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS).unref();
    await runtime.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Lockstep worker failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
