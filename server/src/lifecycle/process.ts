import { loadConfig, ConfigError, type AppConfig } from '../config/load-config.ts';

/** Loads config for a process entry point; a bad variable prints its message and exits 78 (EX_CONFIG). */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

/** On SIGTERM/SIGINT: run `close` once (drain), exit 0; exit 1 if it outlasts the grace period. */
export function exitOnSignals(close: () => Promise<void>, graceMs: number, log: { info: (o: object, m: string) => void; error: (m: string) => void }): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: draining');
    const timer = setTimeout(() => {
      log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, graceMs).unref();
    await close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
