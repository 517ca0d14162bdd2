import { pino } from 'pino';
import { loggerOptions } from '../../server/src/logging/logger.ts';
import { exitOnSignals, loadConfigOrExit } from '../../server/src/lifecycle/process.ts';
import { startWorkerRuntime } from './worker-runtime.ts';

/** Worker process entry: separate from the API; drains active jobs on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = pino({ ...loggerOptions(config.LOG_LEVEL), name: 'lockstep-worker' });
  const runtime = await startWorkerRuntime(config, log);
  exitOnSignals(() => runtime.close(), config.SHUTDOWN_GRACE_MS, log);
}

main().catch((err) => {
  process.stderr.write(`Lockstep worker failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
