import { DateField, Labeled, NumberField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { JobLogsField } from './JobLogsField';
import { JobProgressField } from './JobProgressField';
import { JobStateField } from './JobStateField';
import { JsonField } from './JsonField';
import { RetryJobButton } from './RetryJobButton';

const actions = (
  <TopToolbar>
    <RetryJobButton />
  </TopToolbar>
);

/** One job with its payload, result and logs; refetched every 2 s while the page is open. */
export function JobShow() {
  return (
    <Show actions={actions} queryOptions={{ refetchInterval: 2000 }}>
      <SimpleShowLayout>
        <TextField source="id" />
        <TextField source="queue" />
        <TextField source="name" />
        <JobStateField source="state" />
        <Labeled source="progress">
          <JobProgressField />
        </Labeled>
        <NumberField source="attemptsMade" />
        <TextField source="failedReason" emptyText="—" sx={{ color: 'error.main' }} />
        <DateField source="createdAt" showTime emptyText="—" />
        <DateField source="processedAt" showTime emptyText="—" />
        <DateField source="finishedAt" showTime emptyText="—" />
        <JsonField source="data" />
        <JsonField source="returnvalue" />
        <JobLogsField source="logs" />
      </SimpleShowLayout>
    </Show>
  );
}
