import { Alert, Chip, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography, type ChipProps } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useCreatePath, useDataProvider, useTranslate } from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import type { MergeRecord } from './types';

const ACTION_COLOR: Record<string, ChipProps['color']> = { merge: 'info', split: 'warning', conflict: 'error' };

function PersonLink({ id, current }: { id: string | null; current: string }) {
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (!id) return <>{translate('lockstep.none')}</>;
  if (id === current) return <code>{id}</code>;
  return <Link to={createPath({ resource: 'identity/persons', id, type: 'show' })}><code>{id}</code></Link>;
}

/** Merges, splits and refused merges (conflicts) that involved the person, newest first. */
export function MergeHistory({ personId }: { personId: string }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const merges = useQuery({ queryKey: ['identity/persons', personId, 'merges'], queryFn: () => dataProvider.getPersonMerges(personId) });
  const col = (key: string) => translate(`lockstep.people.merges.${key}`);
  if (merges.isPending) return <LinearProgress />;
  if (merges.error) return <Alert severity="error">{merges.error.message}</Alert>;
  const rows: MergeRecord[] = merges.data ?? [];
  if (!rows.length) return <Typography variant="body2" color="text.secondary" data-testid="person-merges-empty">{col('none')}</Typography>;
  return (
    <Table size="small" data-testid="person-merges">
      <TableHead>
        <TableRow>
          <TableCell>{col('at')}</TableCell>
          <TableCell>{col('action')}</TableCell>
          <TableCell>{col('cause')}</TableCell>
          <TableCell>{col('from')}</TableCell>
          <TableCell>{col('into')}</TableCell>
          <TableCell>{col('identifiers')}</TableCell>
          <TableCell>{col('rule')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((m) => (
          <TableRow key={m.id} data-testid={`merge-row-${m.id}`} data-action={m.action}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(m.at).toLocaleString()}</TableCell>
            <TableCell><Chip size="small" color={ACTION_COLOR[m.action] ?? 'default'} label={translate(`lockstep.people.merges.actions.${m.action}`, { _: m.action })} /></TableCell>
            <TableCell>{translate(`lockstep.people.merges.causes.${m.cause}`, { _: m.cause })}</TableCell>
            <TableCell><PersonLink id={m.fromPersonId} current={personId} /></TableCell>
            <TableCell><PersonLink id={m.intoPersonId} current={personId} /></TableCell>
            <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{m.identifiers.join(', ') || translate('lockstep.none')}</TableCell>
            <TableCell>{m.rule ?? translate('lockstep.none')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
