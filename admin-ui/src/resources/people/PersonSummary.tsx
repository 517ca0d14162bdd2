import { Box, Chip, Grid, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { PersonDetail } from './types';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">{label}</Typography>
      <Typography variant="body2" component="div" data-testid={testId}>{children}</Typography>
    </Box>
  );
}

/** Who the person is: ids, channels, first/last seen and the traits they gave (personal data). */
export function PersonSummary({ person }: { person: PersonDetail }) {
  const translate = useTranslate();
  const field = (key: string) => translate(`resources.identity/persons.fields.${key}`);
  const none = translate('lockstep.none');
  const traits = Object.entries(person.traits ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}><Item label={field('id')} testId="person-id"><code>{person.id}</code></Item></Grid>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}><Item label={field('userId')} testId="person-user-id">{person.userId ?? none}</Item></Grid>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}><Item label={field('firstSeenAt')}>{when(person.firstSeenAt) ?? none}</Item></Grid>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}><Item label={field('lastSeenAt')}>{when(person.lastSeenAt) ?? none}</Item></Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Item label={field('channels')} testId="person-channels">
          <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
            {person.channels?.length ? person.channels.map((c) => <Chip key={c} size="small" label={c} data-testid={`person-channel-${c}`} />) : none}
          </Stack>
        </Item>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Item label={field('traits')} testId="person-traits">
          {traits.length ? traits.map(([k, v]) => <div key={k}><strong>{k}</strong>: {typeof v === 'object' ? JSON.stringify(v) : String(v)}</div>) : none}
        </Item>
      </Grid>
    </Grid>
  );
}
