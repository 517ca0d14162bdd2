import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';

export interface DemoRoutesOptions {
  /** The built storefront (demo/dist); not served when it has no index.html. */
  root: string;
  /** The demo tenant's publishable key, when the configuration names one. */
  publishableKey: string | undefined;
}

const DemoConfig = Type.Object({
  publishableKey: Type.Union([Type.String({ pattern: '^pk_' }), Type.Null()]),
  hint: Type.Optional(Type.String()),
}, { additionalProperties: false });

/**
 * The demo storefront at `/demo/` (static files built from demo/ by scripts/lib/services.mjs) and its
 * `/demo/config.json`: the demo tenant's publishable key, which is public by design (it only reads the catalogue and
 * sends events). Every route here is public; the storefront authenticates its API calls with that key.
 */
export async function demoRoutes(app: FastifyInstance, opts: DemoRoutesOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), public: true } as typeof route.config;
  });

  app.get('/demo/config.json', {
    schema: { tags: ['demo'], summary: 'What the demo storefront needs: the demo tenant\'s publishable key (never a secret)', response: { 200: DemoConfig } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    const key = opts.publishableKey?.startsWith('pk_') ? opts.publishableKey : null;
    return key
      ? { publishableKey: key }
      : { publishableKey: null, hint: 'No demo key configured: set LOCKSTEP_DEMO_PUBLISHABLE_KEY (npm start keeps one in .data/) or open /demo/?key=pk_…' };
  });

  const root = path.resolve(opts.root);
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'demo storefront not built: /demo is not served (npm run build:demo)');
    return;
  }
  // Not hashed file names: revalidate every time (ETag), the files are small.
  await app.register(fastifyStatic, {
    root, prefix: '/demo/', wildcard: false, index: ['index.html'], redirect: true, decorateReply: false,
    cacheControl: false, setHeaders: (res) => { res.setHeader('cache-control', 'no-cache'); },
  });
}
