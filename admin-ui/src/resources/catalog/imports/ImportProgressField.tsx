import { Box, LinearProgress, Typography } from '@mui/material';
import { useRecordContext, type FieldProps } from 'react-admin';
import type { CatalogImport } from '../../../types';

/** processed / total as a bar, with the failed count in red when there is one. */
export function ImportProgressField(_props: FieldProps) {
  const record = useRecordContext<CatalogImport>();
  if (!record) return null;
  const percent = record.total > 0 ? Math.round((record.processed / record.total) * 100) : 0;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 160 }} data-testid={`import-progress-${record.id}`}>
      <LinearProgress
        sx={{ flex: 1, height: 6, borderRadius: 3 }}
        variant="determinate"
        value={percent}
        color={record.failed > 0 ? 'warning' : 'primary'}
      />
      <Typography variant="caption">
        {record.processed}/{record.total}
      </Typography>
    </Box>
  );
}
