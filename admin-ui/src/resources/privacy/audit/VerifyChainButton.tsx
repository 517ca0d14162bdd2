import { useState } from 'react';
import { Alert, Button, CircularProgress, Stack } from '@mui/material';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { useTranslate } from 'react-admin';
import { verifyAuditChain } from './api';
import type { VerifyResult } from './types';

/**
 * "Verify chain": asks the server to walk the whole chain and shows the answer: intact (how many entries, anchored
 * or not) or the first broken entry and why.
 */
export function VerifyChainButton() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.audit_log.${key}`, options);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped on every answer, so a test (or a screen reader) can tell a new answer from the previous one.
  const [runs, setRuns] = useState(0);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await verifyAuditChain());
    } catch (err) {
      setResult(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setRuns((n) => n + 1);
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="verify-chain-area" data-runs={runs}>
      <Button size="small" variant="outlined" onClick={verify} disabled={busy} data-testid="verify-chain" startIcon={busy ? <CircularProgress size={14} /> : <VerifiedUserIcon />}>
        {t('verify')}
      </Button>
      {result ? (
        <Alert
          severity={result.ok ? 'success' : 'error'}
          data-testid="verify-result"
          data-ok={String(result.ok)}
          data-broken-at={result.brokenAt ?? ''}
          data-reason={result.reason ?? ''}
          sx={{ py: 0 }}
        >
          {result.ok
            ? t(result.anchored ? 'intact_anchored' : 'intact', { smart_count: result.checked })
            : t('broken', { seq: result.brokenAt, reason: t(`reasons.${result.reason}`, { _: result.reason }) })}
          {!result.ok && result.lastSeq > 0 ? ` ${t('intact_prefix', { intact: result.lastSeq })}` : ''}
          {!result.ok && result.message ? ` (${result.message})` : ''}
        </Alert>
      ) : null}
      {error ? <Alert severity="warning" data-testid="verify-error" sx={{ py: 0 }}>{error}</Alert> : null}
    </Stack>
  );
}
