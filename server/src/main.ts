import { loadConfig, ConfigError } from './config/load-config.ts';
import { buildApp } from './app.ts';
import { seedIfEmpty } from './bootstrap/seed.ts';

/** Starts one API instance: config → app → seed → listen; drains on SIGTERM/SIGINT. */
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
  const app = await buildApp(config);
  const seed = await seedIfEmpty(app.lockstep);
  await app.listen({ port: config.PORT, host: config.HOST });

  const lines = [`Lockstep API listening on ${config.publicUrl} (console at /, API docs at /docs)`];
  if (seed.generatedPassword) lines.push(`Platform owner created: ${seed.adminEmail} / ${seed.generatedPassword}  (shown once; set LOCKSTEP_ADMIN_PASSWORD to choose it)`);
  else lines.push(`Log in as ${seed.adminEmail} with LOCKSTEP_ADMIN_PASSWORD${seed.created ? '' : ' (or the password printed at first start)'}`);
  if (seed.generatedPublishableKey) lines.push(`Demo tenant publishable key: ${seed.generatedPublishableKey}  (shown once; set LOCKSTEP_DEMO_PUBLISHABLE_KEY to choose it)`);
  // Printed, not logged: credentials never go to the log stream.
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining connections');
    const timer = setTimeout(() => {
      app.log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    await app.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Lockstep API failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
