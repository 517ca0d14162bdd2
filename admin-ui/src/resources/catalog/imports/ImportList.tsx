import type React from 'react';
import { DataTable, DateField, List, Link, useCreatePath } from 'react-admin';
import { StatusChip } from '../../../components/StatusChip';
import type { CatalogImport } from '../../../types';
import { ImportProgressField } from './ImportProgressField';

const Column = DataTable.Col<CatalogImport>;

/** BullMQ queue of catalog imports; the jobs API names a job `<queue>~<jobId>`. */
const IMPORT_QUEUE = 'catalog-import';

function JobLink({ jobId }: { jobId: string | null }) {
  const createPath = useCreatePath();
  if (!jobId) return <>—</>;
  const id = jobId.includes('~') ? jobId : `${IMPORT_QUEUE}~${jobId}`;
  return (
    <Link to={createPath({ resource: 'jobs', type: 'show', id })} onClick={(event: React.MouseEvent) => event.stopPropagation()}>
      {jobId}
    </Link>
  );
}

/** Catalog imports with live progress (refetched every 2 s). */
export function ImportList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={false} queryOptions={{ refetchInterval: 2000 }}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="status" render={(record) => <StatusChip status={record.status} />} />
        <Column source="processed" field={ImportProgressField} disableSort />
        <Column source="failed" align="right" disableSort />
        <Column source="jobId" disableSort render={(record) => <JobLink jobId={record.jobId} />} />
        <Column source="createdAt" render={(record) => <DateField record={record} source="createdAt" showTime />} />
      </DataTable>
    </List>
  );
}
