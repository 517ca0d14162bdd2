import { useState } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
  Tooltip,
} from '@mui/material';
import { useTranslate } from 'react-admin';

interface CreatedKeyDialogProps {
  apiKey: string | null;
  onClose: () => void;
}

/** Shows a freshly created key exactly once, with a copy button; the server never returns it again. */
export function CreatedKeyDialog({ apiKey, onClose }: CreatedKeyDialogProps) {
  const translate = useTranslate();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!apiKey) return;
    await navigator.clipboard?.writeText(apiKey).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Dialog open={apiKey !== null} onClose={onClose} maxWidth="sm" fullWidth data-testid="created-api-key-dialog">
      <DialogTitle>{translate('lockstep.api_keys.created_title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('lockstep.api_keys.created_warning')}
        </Alert>
        <TextField
          fullWidth
          label={translate('lockstep.api_keys.key')}
          value={apiKey ?? ''}
          onFocus={(event) => event.target.select()}
          slotProps={{
            htmlInput: { readOnly: true, 'data-testid': 'created-api-key', style: { fontFamily: 'monospace' } },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={translate(copied ? 'lockstep.api_keys.copied' : 'lockstep.api_keys.copy')}>
                    <IconButton onClick={copy} edge="end" aria-label={translate('lockstep.api_keys.copy')}>
                      <ContentCopyIcon />
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
        />
      </DialogContent>
      <DialogActions>
        <MuiButton variant="contained" onClick={onClose} data-testid="created-api-key-done">
          {translate('lockstep.api_keys.done')}
        </MuiButton>
      </DialogActions>
    </Dialog>
  );
}
