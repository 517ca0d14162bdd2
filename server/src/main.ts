import { buildApp } from './app.ts';
import { seedIfEmpty } from './bootstrap/seed.ts';
import { exitOnSignals, loadConfigOrExit } from './lifecycle/process.ts';

/** Starts one API instance: config → app → seed → listen; drains on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await buildApp(config);
  const seed = await seedIfEmpty(app.lockstep);
  await app.listen({ port: config.PORT, host: config.HOST });

  const lines = [`Lockstep API listening on ${config.publicUrl} (console at /, API docs at /docs)`];
  if (seed.generatedPassword) lines.push(`Platform owner created: ${seed.adminEmail} / ${seed.generatedPassword}  (shown once; set LOCKSTEP_ADMIN_PASSWORD to choose it)`);
  else lines.push(`Log in as ${seed.adminEmail} with LOCKSTEP_ADMIN_PASSWORD${seed.created ? '' : ' (or the password printed at first start)'}`);
  if (seed.generatedPublishableKey) lines.push(`Demo tenant publishable key: ${seed.generatedPublishableKey}  (shown once; set LOCKSTEP_DEMO_PUBLISHABLE_KEY to choose it)`);
  // Printed, not logged: credentials never go to the log stream.
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  exitOnSignals(() => app.close(), config.SHUTDOWN_GRACE_MS, app.log);
}

main().catch((err) => {
  process.stderr.write(`Lockstep API failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
