import { useState, type ReactNode } from 'react';
import { Alert, Box, Button as MuiButton, Card, CardContent, CardHeader, LinearProgress, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import StreamIcon from '@mui/icons-material/Stream';
import { useAbility } from '@casl/react';
import { Button, Link, Show, TopToolbar, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../auth/ability';
import { PersonSyncButton } from '../sync/PersonSyncButton';
import { DevicesTable } from './DevicesTable';
import { IdentifiersTable } from './IdentifiersTable';
import { IdentityGraph } from './IdentityGraph';
import { MergeHistory } from './MergeHistory';
import { PersonEvents } from './PersonEvents';
import { PersonSummary } from './PersonSummary';
import { SplitButton } from './SplitButton';
import type { PersonDetail } from './types';

function Section({ title, action, children, testId }: { title: string; action?: ReactNode; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardHeader title={translate(title)} action={action} slotProps={{ title: { variant: 'subtitle1' } }} sx={{ pb: 0 }} />
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** Opens the live stream filtered to this person. */
function LiveEventsButton() {
  const person = useRecordContext<PersonDetail>();
  const ability = useAbility<LockstepAbility>();
  if (!person || !ability.can('read', 'Event')) return null;
  return (
    <Button label="lockstep.people.live_events" component={Link} to={`/events?person=${encodeURIComponent(String(person.id))}`} data-testid="person-live-events">
      <StreamIcon />
    </Button>
  );
}

type View = 'table' | 'graph';

/** Devices and identifiers as a table (with split) or as a graph. */
function DevicesSection({ person }: { person: PersonDetail }) {
  const translate = useTranslate();
  const ability = useAbility<LockstepAbility>();
  const canSplit = ability.can('split', 'Person');
  const [view, setView] = useState<View>('table');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (key: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  });
  const switcher = (
    <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, v: View | null) => v && setView(v)}>
      <ToggleButton value="table" data-testid="person-view-table">{translate('lockstep.people.view.table')}</ToggleButton>
      <ToggleButton value="graph" data-testid="person-view-graph">{translate('lockstep.people.view.graph')}</ToggleButton>
    </ToggleButtonGroup>
  );
  return (
    <Section title="lockstep.people.devices.title" action={switcher} testId="person-devices-section">
      {view === 'graph' ? (
        <IdentityGraph personId={String(person.id)} identifiers={person.identifiers} />
      ) : (
        <Stack spacing={3}>
          <DevicesTable devices={person.devices} />
          <Box>
            <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 1 }}>
              <Typography variant="subtitle2">{translate('lockstep.people.identifiers.title')}</Typography>
              {canSplit ? <SplitButton personId={String(person.id)} identifiers={person.identifiers} selected={selected} onDone={() => setSelected(new Set())} /> : null}
            </Stack>
            {canSplit ? <Typography variant="caption" color="text.secondary">{translate('lockstep.people.split.hint')}</Typography> : null}
            <IdentifiersTable identifiers={person.identifiers} selected={canSplit ? selected : undefined} onToggle={canSplit ? toggle : undefined} />
          </Box>
        </Stack>
      )}
    </Section>
  );
}

function PersonDetailView() {
  const person = useRecordContext<PersonDetail>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!person) return null;
  if (person.mergedInto) {
    return (
      <CardContent>
        <Alert
          severity="info"
          data-testid="person-merged-into"
          action={<MuiButton component={Link} to={createPath({ resource: 'identity/persons', id: person.mergedInto, type: 'show' })}>{translate('lockstep.people.open_merged')}</MuiButton>}
        >
          {translate('lockstep.people.merged_into', { id: person.mergedInto })}
        </Alert>
      </CardContent>
    );
  }
  // react-admin seeds the record from the list row (no identifiers or devices) until the detail arrives.
  const detailed = Array.isArray(person.identifiers) && Array.isArray(person.devices);
  return (
    <CardContent>
      <Stack spacing={2}>
        <PersonSummary person={person} />
        {detailed ? null : <LinearProgress />}
        {detailed ? <DevicesSection key={String(person.id)} person={person} /> : null}
        <Section title="lockstep.people.merges.title" testId="person-merges-section">
          <MergeHistory personId={String(person.id)} />
        </Section>
        <Section title="lockstep.people.recent_events" testId="person-events-section">
          <PersonEvents personId={String(person.id)} />
        </Section>
      </Stack>
    </CardContent>
  );
}

/** One person of the identity graph: who, which devices and channels, merge history, split, events. */
export function PersonShow() {
  return (
    <Show actions={<TopToolbar><LiveEventsButton /><PersonSyncButton /></TopToolbar>}>
      <PersonDetailView />
    </Show>
  );
}
