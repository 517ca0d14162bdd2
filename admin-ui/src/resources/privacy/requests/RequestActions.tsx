import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import { useAbility } from '@casl/react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { downloadExport, retryRequest } from './api';
import { canRetry } from './status';
import type { PrivacyRequest } from './types';

const P = 'lockstep.privacy.requests';

/** Downloads the access archive (each download is audited); shown while one is available. */
export function DownloadExportButton({ request }: { request: PrivacyRequest }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const ability = useAbility<LockstepAbility>();
  const [busy, setBusy] = useState(false);
  if (request.kind !== 'access' || !request.export?.available || !ability.can('read', 'PrivacyRequest')) return null;
  const onClick = async () => {
    setBusy(true);
    try {
      await downloadExport(request.id);
      notify(`${P}.downloaded`, { type: 'info', messageArgs: { count: (request.export?.downloads ?? 0) + 1 } });
      refresh();
    } catch (error) {
      notify(`${P}.download_failed`, { type: 'error', messageArgs: { message: (error as Error).message } });
    } finally {
      setBusy(false);
    }
  };
  return <Button size="small" variant="contained" startIcon={<DownloadIcon />} onClick={onClick} disabled={busy} data-testid="request-download">{translate(`${P}.download`)}</Button>;
}

/** Runs a waiting or failed request again (e.g. once a plugin's failing hook is fixed). */
export function RetryRequestButton({ request }: { request: PrivacyRequest }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const ability = useAbility<LockstepAbility>();
  const [busy, setBusy] = useState(false);
  if (!canRetry(request) || !ability.can('update', 'PrivacyRequest')) return null;
  const onClick = async () => {
    setBusy(true);
    try {
      await retryRequest(request.id);
      notify(`${P}.retried`, { type: 'info' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button size="small" variant="outlined" startIcon={<ReplayIcon />} onClick={onClick} disabled={busy} data-testid="request-retry">{translate(`${P}.retry`)}</Button>;
}
