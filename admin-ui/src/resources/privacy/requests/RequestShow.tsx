import { Alert, Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { JsonField } from '../../jobs/JsonField';
import { DownloadExportButton, RetryRequestButton } from './RequestActions';
import { DueDate, RequestStatusChip, SubjectText } from './RequestFields';
import { StepsTable } from './StepsTable';
import type { PrivacyRequest } from './types';

const P = 'lockstep.privacy.requests';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="caption" color="text.secondary" display="block">{label}</Typography>
      <Box>{children}</Box>
    </Box>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>{title}</Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function Actions() {
  const r = useRecordContext<PrivacyRequest>();
  if (!r) return null;
  return <TopToolbar><RetryRequestButton request={r} /></TopToolbar>;
}

function RequestDetail() {
  const r = useRecordContext<PrivacyRequest>();
  const translate = useTranslate();
  const f = (k: string) => translate(`resources.privacy/requests.fields.${k}`);
  const t = (k: string, o?: object) => translate(`${P}.${k}`, o);
  if (!r) return null;
  const ids = Object.entries(r.identifiers).flatMap(([k, vs]) => vs.map((v) => `${k}: ${v}`));
  return (
    <Box sx={{ p: 2 }} data-testid="request-detail" data-status={r.status}>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Fact label={f('kind')}>{t(`kinds.${r.kind}`)}</Fact>
          <Fact label={f('status')}><RequestStatusChip request={r} /></Fact>
          <Fact label={f('subject')}><SubjectText request={r} /></Fact>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Fact label={f('receivedAt')}>{new Date(r.receivedAt).toLocaleString()}</Fact>
          <Fact label={f('dueAt')}><DueDate request={r} /></Fact>
          <Fact label={f('completedAt')}>{r.completedAt ? new Date(r.completedAt).toLocaleString() : '—'}</Fact>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Fact label={f('personId')}><code>{r.personId ?? '—'}</code></Fact>
          <Fact label={f('requestedBy')}><code>{r.requestedBy.id}</code></Fact>
          <Fact label={f('note')}>{r.note ?? '—'}</Fact>
          {r.correctedFields.length ? <Fact label={f('correctedFields')}>{r.correctedFields.join(', ')}</Fact> : null}
        </Grid>
      </Grid>
      {r.lastError && r.status !== 'completed' ? <Alert severity={r.status === 'failed' ? 'error' : 'warning'} sx={{ mb: 2 }} data-testid="request-error"><strong>{t('last_error')}:</strong> {r.lastError}</Alert> : null}
      <Section title={t('steps_title')}><StepsTable steps={r.steps} /></Section>
      {r.findings.length ? (
        <Section title={t('findings_title')}>
          <Stack component="ul" sx={{ m: 0 }}>{r.findings.map((x) => <li key={`${x.collection}.${x.path}`}><code>{x.collection}.{x.path}</code> × {x.count} ({x.via})</li>)}</Stack>
        </Section>
      ) : null}
      {r.export ? (
        <Section title={t('export_title')}>
          {r.export.expired
            ? <Alert severity="info">{t('expired', { date: r.export.expiresAt ? new Date(r.export.expiresAt).toLocaleString() : '—' })}</Alert>
            : <Typography variant="body2">{t('export_info', { bytes: r.export.bytes, files: r.export.files.join(', '), date: r.export.expiresAt ? new Date(r.export.expiresAt).toLocaleString() : '—' })}</Typography>}
          <Box sx={{ mt: 1 }}><DownloadExportButton request={r} /></Box>
        </Section>
      ) : null}
      <Section title={t('identifiers_title')}>
        {ids.length ? <Stack component="ul" sx={{ m: 0 }}>{ids.map((x) => <li key={x}><code>{x}</code></li>)}</Stack> : <Typography variant="body2" color="text.secondary">{t('no_identifiers')}</Typography>}
      </Section>
      <Section title={t('reminders_title')}>
        {r.reminders.length
          ? <Stack component="ul" sx={{ m: 0 }}>{r.reminders.map((x) => <li key={x.kind}>{t(`reminder.${x.kind}`)} · {new Date(x.at).toLocaleString()}</li>)}</Stack>
          : <Typography variant="body2" color="text.secondary">{t('no_reminders')}</Typography>}
      </Section>
      {r.receipt ? (
        <Section title={t('receipt_title')}>
          <Fact label={t('receipt_hash')}><code data-testid="request-receipt-hash">{r.receiptHash}</code></Fact>
          <JsonField source="receipt" />
        </Section>
      ) : null}
    </Box>
  );
}

/** A request with its per-plugin steps, errors, archive, reminders and receipt; download and retry on top. */
export function RequestShow() {
  return (
    <Show actions={<Actions />}>
      <RequestDetail />
    </Show>
  );
}
