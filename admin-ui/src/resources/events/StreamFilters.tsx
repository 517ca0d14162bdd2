import { useState } from 'react';
import { Autocomplete, Box, Button, Chip, Stack, TextField } from '@mui/material';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { useTranslate } from 'react-admin';
import { CHANNELS, EVENT_TYPES } from './eventTypes';
import type { PersonDetail } from '../people/types';

export interface StreamControls {
  types: string[];
  channels: string[];
}

interface Props {
  controls: StreamControls;
  onChange(controls: StreamControls): void;
  person: PersonDetail | null;
  personPending: boolean;
  onPerson(input: string): void;
  onClearPerson(): void;
}

/** Type and channel pickers (known values offered, others typed freely) and the person lookup of the live stream. */
export function StreamFilters({ controls, onChange, person, personPending, onPerson, onClearPerson }: Props) {
  const translate = useTranslate();
  const [personInput, setPersonInput] = useState('');
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }} alignItems={{ md: 'flex-start' }}>
      <Autocomplete
        multiple
        freeSolo
        size="small"
        options={[...EVENT_TYPES]}
        value={controls.types}
        onChange={(_, value) => onChange({ ...controls, types: value.map(String) })}
        sx={{ minWidth: 260, flex: 1 }}
        renderInput={(params) => <TextField {...params} label={translate('lockstep.events.filters.types')} inputProps={{ ...params.inputProps, 'data-testid': 'stream-filter-types' }} />}
      />
      <Autocomplete
        multiple
        freeSolo
        size="small"
        options={[...CHANNELS]}
        value={controls.channels}
        onChange={(_, value) => onChange({ ...controls, channels: value.map(String) })}
        sx={{ minWidth: 220, flex: 1 }}
        renderInput={(params) => <TextField {...params} label={translate('lockstep.events.filters.channels')} inputProps={{ ...params.inputProps, 'data-testid': 'stream-filter-channels' }} />}
      />
      {person ? (
        <Box>
          <Chip
            color="primary"
            data-testid="stream-person"
            data-person={person.id}
            label={translate('lockstep.events.filters.person_chip', { id: person.id, count: person.identifiers.length, smart_count: person.identifiers.length })}
            onDelete={() => {
              setPersonInput('');
              onClearPerson();
            }}
          />
        </Box>
      ) : (
        <Stack
          direction="row"
          spacing={1}
          component="form"
          onSubmit={(event) => {
            event.preventDefault();
            onPerson(personInput);
          }}
          sx={{ flex: 1 }}
        >
          <TextField
            size="small"
            label={translate('lockstep.events.filters.person')}
            helperText={translate('lockstep.events.filters.person_help')}
            value={personInput}
            onChange={(event) => setPersonInput(event.target.value)}
            sx={{ flex: 1, minWidth: 220 }}
            slotProps={{ htmlInput: { 'data-testid': 'stream-filter-person' } }}
          />
          <Button type="submit" variant="outlined" size="small" startIcon={<PersonSearchIcon />} disabled={personPending || !personInput.trim()} data-testid="stream-filter-person-apply" sx={{ alignSelf: 'flex-start', mt: 0.5 }}>
            {translate('lockstep.events.filters.apply')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
