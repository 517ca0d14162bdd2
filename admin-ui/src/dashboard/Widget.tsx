import type { ReactNode } from 'react';
import { Alert, Card, CardContent, CardHeader, LinearProgress } from '@mui/material';
import { useTranslate } from 'react-admin';

interface WidgetProps {
  title: string;
  testId: string;
  isPending?: boolean;
  error?: unknown;
  action?: ReactNode;
  children: ReactNode;
}

/** The card every dashboard widget sits in: translated title, a loading bar, an error line. */
export function Widget({ title, testId, isPending, error, action, children }: WidgetProps) {
  const translate = useTranslate();
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardHeader title={translate(title)} action={action} slotProps={{ title: { variant: 'h6' } }} />
      {isPending ? <LinearProgress /> : null}
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error">{error instanceof Error ? error.message : translate('lockstep.dashboard.unavailable')}</Alert>
        ) : (
          children
        )}
      </CardContent>
    </Card>
  );
}
