import type { ReactNode } from 'react';
import { Box, Button, Card, CardContent, CardHeader, LinearProgress } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { Title, useTranslate } from 'react-admin';

/** The frame of a plugin's settings page: page title, header, a progress bar while loading or saving, the form. */
export function SettingsCard({ testId, pageTitle, title, subheader, busy, children }: {
  testId: string;
  /** Translation key of the browser/page title. */
  pageTitle: string;
  title: string;
  subheader: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Card sx={{ mt: 1 }} data-testid={testId}>
      <Title title={pageTitle} />
      <CardHeader title={title} subheader={subheader} />
      {busy ? <LinearProgress /> : null}
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The settings form's submit button, shown only to those who may change the settings. */
export function SettingsSaveButton({ canEdit, disabled, testId }: { canEdit: boolean; disabled: boolean; testId: string }) {
  const translate = useTranslate();
  if (!canEdit) return null;
  return (
    <Box>
      <Button type="submit" variant="contained" startIcon={<SaveIcon />} disabled={disabled} data-testid={testId}>
        {translate('ra.action.save')}
      </Button>
    </Box>
  );
}
