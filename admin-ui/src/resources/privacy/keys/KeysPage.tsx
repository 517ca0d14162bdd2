import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Title, useNotify, useTranslate } from 'react-admin';
import { useAbility } from '@casl/react';
import type { LockstepAbility } from '../../../auth/ability';
import { getKeyStatus, startRotation } from './api';
import type { Rotation, RotationProgress } from './types';

const RUNNING = new Set(['active', 'waiting', 'delayed', 'prioritized']);
const progressOf = (r: Rotation): RotationProgress | null => (typeof r.progress === 'object' && r.progress ? r.progress : null);

function RotationRow({ r }: { r: Rotation }) {
  const translate = useTranslate();
  const p = progressOf(r);
  const running = RUNNING.has(r.state);
  const percent = r.state === 'completed' ? 100 : p?.percent ?? 0;
  return (
    <TableRow data-testid={`rotation-${r.jobId}`} data-state={r.state}>
      <TableCell>{r.createdAt ? new Date(r.createdAt).toLocaleString() : '—'}</TableCell>
      <TableCell><Chip size="small" label={r.state} color={r.state === 'completed' ? 'success' : r.state === 'failed' ? 'error' : 'info'} /></TableCell>
      <TableCell sx={{ minWidth: 220 }}>
        <Stack spacing={0.5}>
          <LinearProgress variant="determinate" value={percent} color={r.state === 'failed' ? 'error' : 'primary'} data-testid="rotation-progress" aria-valuenow={percent} />
          <Typography variant="caption">
            {p ? translate('lockstep.privacy.keys.progress', { phase: translate(`lockstep.privacy.keys.phase.${p.phase}`), percent, documents: p.documents, personKeys: p.personKeys, model: p.model ?? '—' }) : running ? translate('lockstep.privacy.keys.queued') : ''}
          </Typography>
          {r.failedReason ? <Typography variant="caption" color="error">{r.failedReason}</Typography> : null}
        </Stack>
      </TableCell>
      <TableCell>{r.finishedAt ? new Date(r.finishedAt).toLocaleString() : '—'}</TableCell>
    </TableRow>
  );
}

/** Field-encryption keys of the tenant: versions, person keys, and rotation with live progress. */
export function KeysPage() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.keys.${key}`, options);
  const notify = useNotify();
  const ability = useAbility<LockstepAbility>();
  const client = useQueryClient();
  const { data, error, isLoading } = useQuery({
    queryKey: ['privacy', 'keys'],
    queryFn: getKeyStatus,
    refetchInterval: (q) => (q.state.data?.rotations.some((r) => RUNNING.has(r.state)) ? 1000 : 15_000),
  });
  const rotate = useMutation({
    mutationFn: startRotation,
    onSuccess: () => { notify(t('started'), { type: 'info' }); void client.invalidateQueries({ queryKey: ['privacy', 'keys'] }); },
    onError: (err: Error) => notify(err.message, { type: 'error' }),
  });
  const running = data?.rotations.some((r) => RUNNING.has(r.state)) ?? false;
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('title')} />
      {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
      {isLoading || !data ? <LinearProgress /> : (
        <Stack spacing={2}>
          <Card>
            <CardHeader title={t('title')} subheader={t('subtitle', { provider: data.provider, master: data.masterKeyId })}
              action={ability.can('rotate', 'EncryptionKey') ? (
                <Button variant="contained" startIcon={<AutorenewIcon />} disabled={running || rotate.isPending} onClick={() => rotate.mutate()} data-testid="rotate-keys">{t('rotate')}</Button>
              ) : null} />
            <CardContent>
              <Typography variant="body2" sx={{ mb: 1 }} data-testid="key-age">
                {data.currentDataKeyAgeDays === null ? t('no_key') : t('age', { days: data.currentDataKeyAgeDays })} · {t('person_keys', { active: data.personKeys.active, shredded: data.personKeys.shredded })}
              </Typography>
              <Table size="small" data-testid="tenant-keys">
                <TableHead><TableRow>{['id', 'kind', 'version', 'status', 'created'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow></TableHead>
                <TableBody>
                  {data.tenantKeys.map((k) => (
                    <TableRow key={k.id}>
                      <TableCell><code>{k.id}</code></TableCell><TableCell>{k.kind}</TableCell><TableCell>{k.version}</TableCell>
                      <TableCell><Chip size="small" label={k.status} color={k.status === 'active' ? 'success' : 'default'} /></TableCell>
                      <TableCell>{new Date(k.createdAt).toLocaleString()}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
          <Card>
            <CardHeader title={t('rotations')} subheader={t('rotations_help')} />
            <CardContent>
              {data.rotations.length ? (
                <Table size="small" data-testid="rotations">
                  <TableHead><TableRow>{['started', 'state', 'progress', 'finished'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow></TableHead>
                  <TableBody>{data.rotations.map((r) => <RotationRow key={r.jobId} r={r} />)}</TableBody>
                </Table>
              ) : <Typography variant="body2">{t('no_rotations')}</Typography>}
            </CardContent>
          </Card>
        </Stack>
      )}
    </Box>
  );
}
