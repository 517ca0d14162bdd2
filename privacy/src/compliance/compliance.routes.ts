import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { ListQuery, errors } from '../../../server/src/schemas/common.ts';
import { auditActor, auditRequest } from '../../../server/src/routes/audit.routes.ts';
import { policyViewsFor } from '../retention/retention.service.ts';
import { Inventory, ReportParams, ReportRecord, ReportSummary, RunAudit, SettingsRecord, SettingsUpdate } from './compliance.schemas.ts';
import { buildInventory } from './inventory.ts';
import { renderReportHtml } from './report-html.ts';
import { renderReportPdf } from './report-pdf.ts';
import { toReportView, type AuditReportView } from './report-view.ts';
import { REPORT_MODEL, SETTINGS_MODEL, complianceSettings, runPrivacyAudit } from './run-privacy-audit.ts';
import { storeOf } from './platform-view.ts';

const SUBJECT = 'PrivacyAudit';
const base = '/api/plugins/privacy/audits';
const withLinks = (v: AuditReportView) => ({ ...v, links: { html: `${base}/${v.id}/report.html`, pdf: `${base}/${v.id}/report.pdf` } });
const summaryOf = (v: AuditReportView) => {
  const { findings: _omit, ...rest } = withLinks(v);
  return rest;
};
const LIST = { sortable: ['ranAt'], filterable: [], defaultSort: ['ranAt', 'DESC'] as [string, 'DESC'] };

/** The data inventory, privacy audits (run, list, JSON/HTML/PDF report) and the audit's thresholds. */
export async function complianceRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const tags = ['privacy'];
  const Reports = ctx.model(REPORT_MODEL);
  const Settings = ctx.model(SETTINGS_MODEL);
  const read = { access: { action: 'read', subject: SUBJECT } };

  async function report(request: FastifyRequest): Promise<AuditReportView> {
    const doc = await Reports.findOne(scopedFilter(request, 'read', SUBJECT, { _id: (request.params as { id: string }).id })).lean();
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', ['Privacy audit report']);
    return toReportView(doc);
  }
  async function tenantName(tenantId: string): Promise<string> {
    const t = await storeOf(ctx, REPORT_MODEL).collection('core_tenants').findOne({ _id: tenantId as never }, { projection: { name: 1 } });
    return String(t?.name ?? tenantId);
  }

  app.get('/inventory', {
    config: { access: { action: 'read', subject: 'DataInventory' } },
    schema: { tags, summary: 'The data inventory, generated from declarations: every personal-data field and every plugin\'s purposes', response: { 200: Inventory, ...errors(401, 403) } },
  }, async (request) => buildInventory(ctx, await policyViewsFor(ctx, tenantOf(request))));

  app.post('/audits', {
    config: { access: { action: 'create', subject: SUBJECT } },
    schema: { tags, summary: 'Run a privacy audit now: every check, stored as a report', body: Type.Optional(RunAudit), response: { 201: ReportRecord, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const doc = await runPrivacyAudit(ctx, tenantOf(request), auditActor(request));
    return reply.status(201).send(withLinks(toReportView(doc)));
  });

  app.get('/audits', { config: read, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(ReportSummary), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, LIST);
    const [rows, total] = await findPage(Reports, scopedFilter(request, 'read', SUBJECT, q.filter), q);
    return sendPage(reply, 'audits', rows.map((d) => summaryOf(toReportView(d))), q.skip, total);
  });

  app.get('/audits/:id', { config: read, schema: { tags, params: ReportParams, response: { 200: ReportRecord, ...errors(400, 401, 403, 404) } } }, async (request) => withLinks(await report(request)));

  app.get('/audits/:id/report.html', { config: read, schema: { tags, summary: 'The report as a printable HTML page', params: ReportParams, produces: ['text/html'], response: { ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const r = await report(request);
    return reply.type('text/html; charset=utf-8').header('content-disposition', `inline; filename="privacy-audit-${r.id}.html"`).send(renderReportHtml(r, await tenantName(r.tenantId)));
  });

  app.get('/audits/:id/report.pdf', { config: read, schema: { tags, summary: 'The report as PDF (generated in-process)', params: ReportParams, produces: ['application/pdf'], response: { ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const r = await report(request);
    const pdf = await renderReportPdf(r, await tenantName(r.tenantId));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="privacy-audit-${r.id}.pdf"`).send(pdf);
  });

  const settingsOut = async (tenantId: string) => {
    const doc = await Settings.findOne({ tenantId }).lean<any>();
    return { ...(await complianceSettings(ctx, tenantId)), updatedAt: doc?.updatedAt ? new Date(doc.updatedAt).toISOString() : null, updatedBy: doc?.updatedBy ?? null };
  };
  app.get('/audit-settings', { config: read, schema: { tags, summary: 'Thresholds of the privacy audit (key ages)', response: { 200: SettingsRecord, ...errors(401, 403) } } }, async (request) => settingsOut(tenantOf(request)));

  app.put('/audit-settings', {
    config: { access: { action: 'configure', subject: SUBJECT } },
    schema: { tags, summary: 'Change the privacy audit thresholds', body: SettingsUpdate, response: { 200: SettingsRecord, ...errors(400, 401, 403) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const body = request.body as { keyMaxAgeDays?: number; masterKeyMaxAgeDays?: number };
    const next = { ...(await complianceSettings(ctx, tenantId)), ...body, updatedBy: auditActor(request).id };
    await Settings.updateOne({ tenantId }, { $set: next, $setOnInsert: { tenantId } }, { upsert: true }).catch(async (err: { code?: number }) => {
      if (err?.code !== 11000) throw err;
      await Settings.updateOne({ tenantId }, { $set: next });
    });
    await auditRequest(request, 'privacy.audit.settings', { type: 'PrivacyAuditSettings', id: tenantId }, { keys: Object.keys(body), keyMaxAgeDays: next.keyMaxAgeDays, masterKeyMaxAgeDays: next.masterKeyMaxAgeDays });
    return settingsOut(tenantId);
  });
}
