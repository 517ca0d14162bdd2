import { Box } from '@mui/material';
import { useRecordContext, type FieldProps } from 'react-admin';

/** Pretty-printed JSON of one record property (job data, return value). */
export function JsonField({ source }: FieldProps & { source: string }) {
  const record = useRecordContext();
  const value = record?.[source];
  if (value === undefined || value === null) return <span>—</span>;
  return (
    <Box
      component="pre"
      data-testid={`job-${source}`}
      sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, overflow: 'auto', maxHeight: 320 }}
    >
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}
