import { useMemo, useState } from 'react';
import {
  Alert, Box, Card, CardContent, CardHeader, Chip, FormControlLabel, LinearProgress, MenuItem, Stack, Switch, Table, TableBody,
  TableCell, TableHead, TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { useQuery } from '@tanstack/react-query';
import { Title, useTranslate } from 'react-admin';
import { getInventory } from './api';
import { filterFields, type InventoryFilter } from './filter';
import type { InventoryField, InventoryPlugin } from './types';

function Purposes({ purposes, testId }: { purposes: string[]; testId: string }) {
  const translate = useTranslate();
  if (!purposes.length) return <Chip size="small" color="error" label={translate('lockstep.privacy.inventory.no_purpose')} data-testid={testId} />;
  return <Stack direction="row" spacing={0.5} data-testid={testId}>{purposes.map((p) => <Chip key={p} size="small" variant="outlined" label={p} />)}</Stack>;
}

function Encrypted({ field }: { field: InventoryField }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.inventory.${key}`, options);
  if (field.encrypted) {
    return <Chip size="small" color="success" icon={<LockIcon />} label={field.blindIndex ? t('encrypted_lookup') : t('encrypted')} data-testid={`inventory-encrypted-${field.id}`} data-encrypted="true" />;
  }
  // In clear: expected for pseudonymous ids, behaviour and hashes; a warning for categories sealed by default unless
  // the field states why (the reason is in the tooltip).
  const warn = field.encryptedByDefault && !field.encryptReason;
  const chip = (
    <Chip
      size="small" color={warn ? 'warning' : 'default'} variant={field.encryptedByDefault ? 'filled' : 'outlined'} icon={<LockOpenIcon />}
      label={field.encrypted === null ? t('unknown') : field.encryptedByDefault ? t('clear') : t('clear_by_design')}
      data-testid={`inventory-encrypted-${field.id}`} data-encrypted="false"
    />
  );
  return field.encryptReason ? <Tooltip title={t('reason', { reason: field.encryptReason })}><span>{chip}</span></Tooltip> : chip;
}

function FieldsTable({ fields }: { fields: InventoryField[] }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.inventory.${key}`, options);
  return (
    <Table size="small" data-testid="inventory-fields">
      <TableHead>
        <TableRow>
          {['owner', 'model', 'collection', 'field', 'category', 'purposes', 'encryption', 'retention'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map((f) => (
          <TableRow key={f.id} data-testid={`inventory-row-${f.id}`} data-owner={f.owner} data-category={f.category}>
            <TableCell>{f.owner}{f.ownerKind === 'platform' ? <Typography variant="caption" color="text.secondary"> ({t('owner_kinds.platform')})</Typography> : null}</TableCell>
            <TableCell>{f.model}</TableCell>
            <TableCell><code>{f.collection}</code></TableCell>
            <TableCell><code>{f.field}</code></TableCell>
            <TableCell><Chip size="small" label={t(`categories.${f.category}`, { _: f.category })} /></TableCell>
            <TableCell><Purposes purposes={f.purposes} testId={`inventory-purposes-${f.id}`} /></TableCell>
            <TableCell><Encrypted field={f} /></TableCell>
            <TableCell data-testid={`inventory-retention-${f.id}`} sx={{ whiteSpace: 'nowrap' }}>{f.retention ? t('retention_days', { days: f.retention.days, field: f.retention.field }) : <Typography variant="body2" color="text.secondary">{t('no_retention')}</Typography>}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PluginsTable({ plugins }: { plugins: InventoryPlugin[] }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.inventory.${key}`, options);
  return (
    <Table size="small" data-testid="inventory-plugins">
      <TableHead>
        <TableRow>{['plugin', 'purposes', 'data_categories', 'collections', 'personal_fields'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow>
      </TableHead>
      <TableBody>
        {plugins.map((p) => (
          <TableRow key={p.name} data-testid={`inventory-plugin-${p.name}`} data-purpose-missing={String(p.purposeMissing)}>
            <TableCell>{p.name} <Typography variant="caption" color="text.secondary">{p.version}{p.required ? ` · ${t('platform')}` : ''}</Typography></TableCell>
            <TableCell><Purposes purposes={p.purposes} testId={`inventory-plugin-purposes-${p.name}`} /></TableCell>
            <TableCell>{[...new Set([...p.dataCategories, ...p.modelCategories])].map((c) => <Chip key={c} size="small" label={t(`categories.${c}`, { _: c })} sx={{ mr: 0.5 }} />)}</TableCell>
            <TableCell><code style={{ fontSize: 12 }}>{p.collections.join(', ')}</code></TableCell>
            <TableCell align="right">{p.personalFields}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The data inventory, generated from declarations: every personal-data field of the core and the plugins, with its
 * category, the owner's purposes, whether it is encrypted (and why not) and its retention; then each plugin's
 * declared purposes and categories. Read-only: it changes when the declarations do.
 */
export function InventoryPage() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.inventory.${key}`, options);
  const inventory = useQuery({ queryKey: ['privacy', 'inventory'], queryFn: getInventory });
  const [filter, setFilter] = useState<InventoryFilter>({ q: '', category: null, clearOnly: false });
  const fields = useMemo(() => filterFields(inventory.data?.fields ?? [], filter), [inventory.data, filter]);
  const categories = useMemo(() => [...new Set((inventory.data?.fields ?? []).map((f) => f.category))].sort(), [inventory.data]);
  const missing = inventory.data?.plugins.filter((p) => p.purposeMissing) ?? [];
  return (
    <Box sx={{ mt: 1 }} data-testid="inventory-page">
      <Title title={t('title')} />
      {inventory.isPending ? <LinearProgress /> : null}
      {inventory.error ? <Alert severity="error">{inventory.error.message}</Alert> : null}
      {inventory.data ? (
        <Stack spacing={2}>
          {missing.length ? <Alert severity="error" data-testid="inventory-purpose-missing">{t('purpose_missing', { plugins: missing.map((p) => p.name).join(', ') })}</Alert> : null}
          <Card>
            <CardHeader title={t('fields_title')} subheader={t('generated', { at: new Date(inventory.data.generatedAt).toLocaleString(), smart_count: inventory.data.fields.length })} />
            <CardContent>
              <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <TextField size="small" label={t('search')} value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} slotProps={{ htmlInput: { 'data-testid': 'inventory-search' } }} />
                <TextField select size="small" label={t('columns.category')} value={filter.category ?? ''} onChange={(e) => setFilter({ ...filter, category: e.target.value || null })} sx={{ minWidth: 160 }}>
                  <MenuItem value="">{t('all')}</MenuItem>
                  {categories.map((c) => <MenuItem key={c} value={c}>{t(`categories.${c}`, { _: c })}</MenuItem>)}
                </TextField>
                <FormControlLabel control={<Switch checked={filter.clearOnly} onChange={(e) => setFilter({ ...filter, clearOnly: e.target.checked })} />} label={t('clear_only')} />
              </Stack>
              <Box sx={{ overflowX: 'auto' }}><FieldsTable fields={fields} /></Box>
            </CardContent>
          </Card>
          <Card>
            <CardHeader title={t('plugins_title')} subheader={t('plugins_help')} />
            <CardContent sx={{ overflowX: 'auto' }}><PluginsTable plugins={inventory.data.plugins} /></CardContent>
          </Card>
        </Stack>
      ) : null}
    </Box>
  );
}
