import { Box, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { AuditEntry } from './types';

/** The expanded row: the entry's chain links and its details (ids and counts only). */
export function AuditEntryPanel() {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  if (!entry) return null;
  const t = (key: string) => translate(`lockstep.privacy.audit_log.${key}`);
  const mono = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' } as const;
  return (
    <Box sx={{ px: 2, py: 1 }} data-testid={`audit-entry-${entry.seq}`}>
      <Table size="small">
        <TableBody>
          <TableRow><TableCell sx={{ width: 140 }}>{t('id')}</TableCell><TableCell sx={mono}>{entry.id}</TableCell></TableRow>
          <TableRow><TableCell>{t('hash')}</TableCell><TableCell sx={mono} data-testid="audit-entry-hash">{entry.hash}</TableCell></TableRow>
          <TableRow><TableCell>{t('prev_hash')}</TableCell><TableCell sx={mono} data-testid="audit-entry-prev-hash">{entry.prevHash}</TableCell></TableRow>
          <TableRow>
            <TableCell>{t('details')}</TableCell>
            <TableCell><Box component="pre" sx={{ m: 0, ...mono }} data-testid="audit-entry-details">{JSON.stringify(entry.details, null, 2)}</Box></TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </Box>
  );
}
