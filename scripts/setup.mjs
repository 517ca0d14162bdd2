#!/usr/bin/env node
// Installs what the machine lacks for Lockstep: redis-server and chromium (apt), FerretDB (built once with Go).
// Used by .ci/run and by `npm test`; `npm start` calls the parts it needs itself.
import { ensureChromium, ensureFerretDB, ensureRedis } from './lib/services.mjs';

const what = process.argv.slice(2);
const all = what.length === 0;
if (all || what.includes('redis')) ensureRedis();
if (all || what.includes('ferretdb')) ensureFerretDB();
if (all || what.includes('chromium')) ensureChromium();
process.stderr.write('[lockstep] setup complete\n');
