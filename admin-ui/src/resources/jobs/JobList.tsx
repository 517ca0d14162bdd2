import { DataTable, DateField, List, SelectInput } from 'react-admin';
import type { Job } from '../../types';
import { JobProgressField } from './JobProgressField';
import { JobStateField } from './JobStateField';
import { QueueFilterInput } from './QueueFilterInput';
import { JOB_STATE_CHOICES } from './states';

const Column = DataTable.Col<Job>;
const filters = [
  <QueueFilterInput key="queue" source="queue" alwaysOn />,
  <SelectInput key="state" source="state" choices={JOB_STATE_CHOICES} alwaysOn />,
];

/** Jobs of every queue the tenant uses; refetched every 2 s so progress moves. */
export function JobList() {
  return (
    <List
      sort={{ field: 'createdAt', order: 'DESC' }}
      filters={filters}
      exporter={false}
      queryOptions={{ refetchInterval: 2000 }}
    >
      <DataTable bulkActionButtons={false} rowClick="show">
        <Column source="queue" />
        <Column source="name" />
        <Column source="state" field={JobStateField} />
        <Column source="progress" field={JobProgressField} disableSort />
        <Column source="attemptsMade" disableSort align="right" />
        <Column source="failedReason" disableSort cellSx={() => ({ color: 'error.main', maxWidth: 320 })} />
        <Column source="createdAt" render={(job) => <DateField record={job} source="createdAt" showTime />} />
      </DataTable>
    </List>
  );
}
