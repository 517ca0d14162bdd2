import { Box } from '@mui/material';
import { DataTable, DateField, List, TopToolbar } from 'react-admin';
import { AuditSettingsCard } from './AuditSettingsCard';
import { ReportLinks } from './ReportLinks';
import { RunAuditButton } from './RunAuditButton';
import { SeveritySummary } from './SeverityChip';
import type { AuditReport } from './types';

const Column = DataTable.Col<AuditReport>;

function Actions() {
  return <TopToolbar><RunAuditButton /></TopToolbar>;
}

/** Past privacy audits, newest first: when, who, counts per severity, HTML and PDF; a row opens the findings. */
export function AuditReportList() {
  return (
    <Box>
      <List sort={{ field: 'ranAt', order: 'DESC' }} actions={<Actions />} exporter={false} empty={false}>
        <DataTable bulkActionButtons={false} rowClick="show">
          <Column source="ranAt" render={(r) => <DateField record={r} source="ranAt" showTime />} />
          <Column source="actor" disableSort render={(r) => <code style={{ fontSize: 12 }}>{r.actor.id}</code>} />
          <Column source="summary" disableSort render={(r) => <span data-testid={`report-row-${r.id}`}><SeveritySummary report={r} /></span>} />
          <Column source="links" disableSort render={(r) => <ReportLinks report={r} />} />
        </DataTable>
      </List>
      <Box sx={{ mt: 2 }}><AuditSettingsCard /></Box>
    </Box>
  );
}
