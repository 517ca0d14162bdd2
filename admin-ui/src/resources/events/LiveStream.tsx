import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, CardContent, CardHeader, Chip, Stack, type ChipProps } from '@mui/material';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import ClearAllIcon from '@mui/icons-material/ClearAll';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import type { PersonDetail } from '../people/types';
import { LiveEventTable } from './LiveEventTable';
import { resolvePerson } from './resolvePerson';
import { StreamFilters, type StreamControls } from './StreamFilters';
import { buildStreamFilter } from './streamFilter';
import { useEventStream, type StreamStatus } from './useEventStream';

const STATUS_COLOR: Record<StreamStatus, ChipProps['color']> = { connecting: 'default', live: 'success', paused: 'default', reconnecting: 'warning', ended: 'error' };

/** The live stream card: filters, connection state, pause/clear, and the pushed events. `initialPerson` preselects a person (from `?person=`). */
export function LiveStream({ initialPerson }: { initialPerson?: string }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const [controls, setControls] = useState<StreamControls>({ types: [], channels: [] });
  const [person, setPerson] = useState<PersonDetail | null>(null);
  const [personError, setPersonError] = useState<string | null>(null);
  const lookup = useMutation({
    mutationFn: (input: string) => resolvePerson(dataProvider, input),
    onSuccess: (found, input) => {
      setPerson(found);
      setPersonError(found ? null : translate('lockstep.events.filters.person_not_found', { input }));
    },
    onError: (error) => setPersonError(error.message),
  });
  const { mutate } = lookup;
  useEffect(() => {
    if (initialPerson) mutate(initialPerson);
  }, [initialPerson, mutate]);

  const filter = useMemo(() => buildStreamFilter({ ...controls, person: person?.identifiers ?? null }), [controls, person]);
  const stream = useEventStream(filter);
  const paused = stream.status === 'paused';

  return (
    <Card data-testid="events-live">
      <CardHeader
        title={translate('lockstep.events.live.title')}
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Stack direction="row" spacing={1} alignItems="center">
            <Chip size="small" color={STATUS_COLOR[stream.status]} label={translate(`lockstep.events.live.status.${stream.status}`)} data-testid="stream-status" data-status={stream.status} />
            <Button size="small" startIcon={paused ? <PlayArrowIcon /> : <PauseIcon />} onClick={paused ? stream.resume : stream.pause} data-testid="stream-pause" disabled={stream.status !== 'live' && !paused}>
              {translate(paused ? 'lockstep.events.live.resume' : 'lockstep.events.live.pause')}
            </Button>
            <Button size="small" startIcon={<ClearAllIcon />} onClick={stream.clear} data-testid="stream-clear">
              {translate('lockstep.events.live.clear')}
            </Button>
          </Stack>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <StreamFilters
          controls={controls}
          onChange={setControls}
          person={person}
          personPending={lookup.isPending}
          onPerson={(input) => lookup.mutate(input)}
          onClearPerson={() => {
            setPerson(null);
            setPersonError(null);
          }}
        />
        {personError ? <Alert severity="warning" sx={{ mb: 2 }} data-testid="stream-person-error">{personError}</Alert> : null}
        {stream.error ? <Alert severity="error" sx={{ mb: 2 }}>{stream.error}</Alert> : null}
        {stream.status === 'ended' ? <Alert severity="info" sx={{ mb: 2 }}>{translate('lockstep.events.live.ended')}</Alert> : null}
        {stream.dropped ? (
          <Alert severity="warning" sx={{ mb: 2 }} data-testid="stream-lag" data-dropped={stream.dropped}>
            {translate('lockstep.events.live.lag', { count: stream.dropped, smart_count: stream.dropped })}
          </Alert>
        ) : null}
        <LiveEventTable events={stream.events} />
      </CardContent>
    </Card>
  );
}
