import { useState } from 'react';
import {
  Alert, Button, Card, CardContent, CardHeader, Chip, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, LinearProgress, List, ListItem,
  ListItemText, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import HistoryIcon from '@mui/icons-material/History';
import PublishIcon from '@mui/icons-material/Publish';
import { useAbility } from '@casl/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { getPurposeVersions, getPurposes, publishText } from './api';
import type { PurposeView } from './types';

const MIN_TEXT = 10;

/** Publishes a new version of a purpose's text (title and description default to the current ones). */
function PublishDialog({ purpose, onClose }: { purpose: PurposeView; onClose: () => void }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.consent.${key}`, options);
  const notify = useNotify();
  const client = useQueryClient();
  const [title, setTitle] = useState(purpose.current.title);
  const [description, setDescription] = useState(purpose.current.description);
  const [text, setText] = useState(purpose.current.text);
  const publish = useMutation({
    mutationFn: () => publishText(purpose.purpose, { text, title, description }),
    onSuccess: (v) => {
      notify(t('published', { purpose: purpose.purpose, version: v.version }), { type: 'success' });
      void client.invalidateQueries({ queryKey: ['privacy', 'consent'] });
      onClose();
    },
    onError: (err: Error) => notify(err.message, { type: 'error' }),
  });
  const tooShort = text.trim().length < MIN_TEXT;
  const unchanged = text === purpose.current.text && title === purpose.current.title && description === purpose.current.description;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="consent-publish-dialog">
      <DialogTitle>{t('publish_title', { purpose: purpose.purpose, version: purpose.current.version + 1 })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Alert severity="info" variant="outlined">{t('publish_help')}</Alert>
          <TextField label={t('columns.title')} value={title} onChange={(e) => setTitle(e.target.value)} slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'consent-publish-title' } }} />
          <TextField label={t('columns.description')} value={description} onChange={(e) => setDescription(e.target.value)} slotProps={{ htmlInput: { maxLength: 1000, 'data-testid': 'consent-publish-description' } }} />
          <TextField
            label={t('columns.text')} value={text} onChange={(e) => setText(e.target.value)} multiline minRows={5}
            error={tooShort} helperText={tooShort ? t('text_too_short', { min: MIN_TEXT }) : t('text_help')}
            slotProps={{ htmlInput: { maxLength: 20_000, 'data-testid': 'consent-publish-text' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button variant="contained" startIcon={<PublishIcon />} disabled={tooShort || unchanged || publish.isPending} onClick={() => publish.mutate()} data-testid="consent-publish-submit">
          {t('publish')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Every version of one purpose's text, newest first (version 1 is the built-in text). */
function VersionsDialog({ purpose, onClose }: { purpose: PurposeView; onClose: () => void }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.consent.${key}`, options);
  const { data, error } = useQuery({ queryKey: ['privacy', 'consent', 'versions', purpose.purpose], queryFn: () => getPurposeVersions(purpose.purpose) });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="consent-versions-dialog">
      <DialogTitle>{t('versions_title', { purpose: purpose.purpose })}</DialogTitle>
      <DialogContent>
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {!data ? <LinearProgress /> : (
          <List dense>
            {data.map((v) => (
              <ListItem key={v.version} data-testid={`consent-version-${v.version}`} alignItems="flex-start">
                <ListItemText
                  primary={`v${v.version} · ${v.title}${v.builtin ? ` (${t('builtin')})` : ''}`}
                  secondary={(
                    <>
                      <Typography variant="body2" component="span" sx={{ display: 'block', whiteSpace: 'pre-wrap' }}>{v.text}</Typography>
                      <Typography variant="caption" component="span">
                        {v.publishedAt ? new Date(v.publishedAt).toLocaleString() : t('builtin')} · sha256 {v.textHash.slice(0, 12)}…
                      </Typography>
                    </>
                  )}
                />
              </ListItem>
            ))}
          </List>
        )}
      </DialogContent>
      <DialogActions><Button onClick={onClose}>{t('close')}</Button></DialogActions>
    </Dialog>
  );
}

/** The tenant's purposes (base and plugin-declared) with their current text version; compliance officers publish new ones. */
export function PurposeTexts() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.consent.${key}`, options);
  const ability = useAbility<LockstepAbility>();
  const canPublish = ability.can('publish', 'ConsentPurpose');
  const { data, error } = useQuery({ queryKey: ['privacy', 'consent', 'purposes'], queryFn: getPurposes });
  const [publishing, setPublishing] = useState<PurposeView | null>(null);
  const [viewing, setViewing] = useState<PurposeView | null>(null);
  return (
    <Card data-testid="consent-purposes">
      <CardHeader title={t('purposes_title')} subheader={t('purposes_help')} />
      <CardContent>
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {!data ? <LinearProgress /> : (
          <Table size="small">
            <TableHead>
              <TableRow>{['purpose', 'source', 'default', 'version', 'title', 'published', 'actions'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow>
            </TableHead>
            <TableBody>
              {data.map((p) => (
                <TableRow key={p.purpose} data-testid={`consent-purpose-${p.purpose}`}>
                  <TableCell><code>{p.purpose}</code></TableCell>
                  <TableCell>{p.source === 'base' ? t('base') : p.plugins.join(', ')}</TableCell>
                  <TableCell><Chip size="small" label={t(`defaults.${p.default}`)} /></TableCell>
                  <TableCell data-testid="version">v{p.current.version}</TableCell>
                  <TableCell>{p.current.title}</TableCell>
                  <TableCell>{p.current.publishedAt ? new Date(p.current.publishedAt).toLocaleDateString() : t('builtin')}</TableCell>
                  <TableCell>
                    <Tooltip title={t('versions')}>
                      <IconButton size="small" onClick={() => setViewing(p)} data-testid={`consent-versions-${p.purpose}`}><HistoryIcon fontSize="small" /></IconButton>
                    </Tooltip>
                    {canPublish ? (
                      <Tooltip title={t('publish')}>
                        <IconButton size="small" onClick={() => setPublishing(p)} data-testid={`consent-publish-${p.purpose}`}><PublishIcon fontSize="small" /></IconButton>
                      </Tooltip>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      {publishing ? <PublishDialog purpose={publishing} onClose={() => setPublishing(null)} /> : null}
      {viewing ? <VersionsDialog purpose={viewing} onClose={() => setViewing(null)} /> : null}
    </Card>
  );
}
