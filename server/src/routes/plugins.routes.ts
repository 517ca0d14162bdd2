import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../auth/scoped-query.ts';
import { coreError } from '../errors/app-error.ts';
import { IdParams, errors } from '../schemas/common.ts';
import { auditRequest } from './audit.routes.ts';

const PluginRecord = Type.Object({
  id: Type.String(), name: Type.String(), version: Type.Union([Type.String(), Type.Null()]), description: Type.String(),
  status: Type.String(), enabled: Type.Boolean(), error: Type.Union([Type.String(), Type.Null()]),
  dependencies: Type.Array(Type.String()),
  permissions: Type.Array(Type.Object({ subject: Type.String(), actions: Type.Array(Type.String()) })),
  queues: Type.Array(Type.String()), resources: Type.Array(Type.String()), purposes: Type.Array(Type.String()),
  settings: Type.Record(Type.String(), Type.Unknown()),
});
const UpdatePlugin = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: true });

/** Plugins loaded by this deployment, their load status and their per-tenant switch and settings. */
export async function pluginRoutes(app: FastifyInstance): Promise<void> {
  const { host, states, bus } = app.lockstep;
  const tags = ['plugins'];

  const describe = async (tenantId: string, name: string) => {
    const p = host.plugins.find((x) => x.name === name);
    if (!p) throw coreError('CORE_ERR_NOT_FOUND', [`Plugin ${name}`]);
    const d = p.definition;
    return {
      id: p.name, name: p.name, version: d?.version ?? null, description: d?.description ?? '', status: p.status,
      enabled: await states.isEnabled(tenantId, p.name), error: p.error ?? null, dependencies: d?.dependencies ?? [],
      permissions: (d?.permissions ?? []).map((x) => ({ subject: x.subject, actions: x.actions })),
      queues: [...new Set((d?.jobs ?? []).map((j) => j.queue))], resources: d?.admin?.resources ?? [], purposes: d?.purposes ?? [],
      settings: p.status === 'active' ? await states.settings(tenantId, p.name) : {},
    };
  };

  app.get('/api/plugins', { config: { access: { action: 'read', subject: 'Plugin' } }, schema: { tags, response: { 200: Type.Array(PluginRecord), ...errors(401, 403) } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const rows = await Promise.all(host.plugins.map((p) => describe(tenantId, p.name)));
    reply.header('Content-Range', `plugins 0-${Math.max(rows.length - 1, 0)}/${rows.length}`);
    return rows;
  });

  app.get('/api/plugins/:id', { config: { access: { action: 'read', subject: 'Plugin' } }, schema: { tags, params: IdParams, response: { 200: PluginRecord, ...errors(401, 403, 404) } } }, async (request) => describe(tenantOf(request), (request.params as any).id));

  // Access is checked per field in the handler: enabling needs `toggle Plugin`; settings need `update Plugin` or
  // `update <settingsSubject>` when the plugin names one (merchants tune identity rules without managing plugins).
  app.put('/api/plugins/:id', { config: { access: { action: 'read', subject: 'Plugin' } }, schema: { tags, summary: 'Enable/disable a plugin for this tenant or change its settings', params: IdParams, body: UpdatePlugin, response: { 200: PluginRecord, ...errors(400, 401, 403, 404, 503) } } }, async (request) => {
    const tenantId = tenantOf(request);
    const name = (request.params as any).id as string;
    const { enabled, settings } = request.body as { enabled?: boolean; settings?: Record<string, unknown> };
    if (enabled !== undefined && !request.ability.can('toggle', 'Plugin')) throw coreError('CORE_ERR_FORBIDDEN', ['toggle Plugin'], { action: 'toggle', subject: 'Plugin' });
    const settingsSubject = host.plugins.find((x) => x.name === name)?.definition?.settingsSubject;
    const maySet = request.ability.can('update', 'Plugin') || (settingsSubject !== undefined && request.ability.can('update', settingsSubject));
    if ((settings !== undefined || enabled === undefined) && !maySet) {
      const subject = settingsSubject ?? 'Plugin';
      throw coreError('CORE_ERR_FORBIDDEN', [`update ${subject}`], { action: 'update', subject });
    }
    const wasEnabled = await states.isEnabled(tenantId, name);
    const { firstInstall } = await states.update(tenantId, name, { enabled, settings });
    if (firstInstall) await host.runTenantHook(name, 'onInstall', tenantId);
    if (enabled !== undefined && enabled !== wasEnabled) {
      await host.runTenantHook(name, enabled ? 'onEnable' : 'onDisable', tenantId);
      await bus.publish('plugin.toggled', tenantId, { plugin: name, enabled });
      await auditRequest(request, 'plugin.toggle', { type: 'Plugin', id: name }, { enabled });
    }
    // Setting names only: values are the plugin's business and may be anything.
    if (settings !== undefined) await auditRequest(request, 'plugin.settings', { type: 'Plugin', id: name }, { keys: Object.keys(settings).slice(0, 100) });
    request.log.info({ plugin: name, enabled, tenantId }, 'plugin state changed');
    return describe(tenantId, name);
  });
}
