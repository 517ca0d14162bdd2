import { Alert, Box, Chip, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { useLocale, useTranslate } from 'react-admin';
import { formatPrice } from '../format';
import { changedLines, checkLine } from '../price';
import type { CartLineView, CatalogFacts, SyncView } from '../types';

function ProductName({ productId, catalog }: { productId: string; catalog: CatalogFacts }) {
  const title = catalog[productId]?.title;
  return title ? <><span>{title}</span> <Typography component="span" variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>{productId}</Typography></> : <code>{productId}</code>;
}

function CartLine({ line, catalog }: { line: CartLineView; catalog: CatalogFacts }) {
  const translate = useTranslate();
  const locale = useLocale();
  const t = (key: string, options?: object) => translate(`lockstep.sync.view.${key}`, options);
  const none = translate('lockstep.none');
  const check = checkLine(line, catalog);
  const seen = formatPrice(check.seen, check.seenCurrency ?? check.currency, locale);
  const now = formatPrice(check.current, check.currency, locale);
  return (
    <TableRow data-testid={`sync-cart-line-${line.productId}`} data-quantity={line.quantity} data-price-state={check.state} data-variant={line.variantId ?? ''}>
      <TableCell><ProductName productId={line.productId} catalog={catalog} /></TableCell>
      <TableCell>{line.variantId ?? none}</TableCell>
      <TableCell align="right" data-testid="sync-cart-quantity">{line.quantity}</TableCell>
      <TableCell align="right">{check.seen === null ? <Typography variant="caption" color="text.secondary">{t('unseen')}</Typography> : seen}</TableCell>
      <TableCell align="right">
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', alignItems: 'center' }}>
          {check.state === 'changed' ? (
            <Tooltip title={t('price_changed_help', { seen, now })}>
              <Chip size="small" color="warning" icon={<WarningAmberIcon />} label={t('price_changed')} data-testid={`sync-price-changed-${line.productId}`} />
            </Tooltip>
          ) : null}
          <span>{check.state === 'gone' ? <Chip size="small" color="error" variant="outlined" label={t('gone')} /> : now}</span>
        </Stack>
      </TableCell>
      <TableCell align="right">
        {check.outOfStock && check.state !== 'gone' ? <Chip size="small" color="error" label={t('out_of_stock')} data-testid={`sync-out-of-stock-${line.productId}`} /> : null}
        {check.short ? <Chip size="small" color="warning" variant="outlined" label={t('short', { stock: check.stock })} /> : null}
        {!check.outOfStock && !check.short ? (check.stock ?? none) : null}
      </TableCell>
      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{line.addedBy}</TableCell>
    </TableRow>
  );
}

function Cart({ lines, catalog }: { lines: CartLineView[]; catalog: CatalogFacts }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.sync.view.${key}`, options);
  const changed = changedLines(lines, catalog);
  const quantity = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <Box data-testid="sync-cart">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 1 }}>
        <Typography variant="subtitle2">{t('cart')}</Typography>
        <Typography variant="caption" color="text.secondary" data-testid="sync-cart-summary">{t('cart_summary', { lines: lines.length, quantity })}</Typography>
      </Stack>
      {changed ? <Alert severity="warning" sx={{ mb: 1 }} data-testid="sync-price-warnings">{t('price_warnings', { smart_count: changed })}</Alert> : null}
      {lines.length === 0 ? <Typography variant="body2" color="text.secondary" data-testid="sync-cart-empty">{t('cart_empty')}</Typography> : (
        <Table size="small">
          <TableHead>
            <TableRow>
              {['product', 'variant', 'quantity', 'priceSeen', 'priceNow', 'stock', 'addedBy'].map((c) => (
                <TableCell key={c} align={['quantity', 'priceSeen', 'priceNow', 'stock'].includes(c) ? 'right' : 'left'}>{t(`columns.${c}`)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>{lines.map((l) => <CartLine key={`${l.productId}\u0000${l.variantId ?? ''}`} line={l} catalog={catalog} />)}</TableBody>
        </Table>
      )}
    </Box>
  );
}

function ProductChips({ title, products, catalog, testId }: { title: string; products: string[]; catalog: CatalogFacts; testId: string }) {
  const translate = useTranslate();
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2" gutterBottom>{title}</Typography>
      {products.length ? (
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
          {products.map((p) => <Chip key={p} size="small" variant="outlined" label={catalog[p]?.title ?? p} title={p} data-product={p} />)}
        </Stack>
      ) : <Typography variant="body2" color="text.secondary">{translate('lockstep.sync.view.empty')}</Typography>}
    </Box>
  );
}

/** What every device of the person shows now: the merged cart (prices against the catalogue), wishlist, recently viewed, preferences, resume points. */
export function CurrentView({ view, catalog }: { view: SyncView; catalog: CatalogFacts }) {
  const translate = useTranslate();
  const t = (key: string) => translate(`lockstep.sync.view.${key}`);
  const none = translate('lockstep.none');
  const prefs = Object.entries(view.preferences);
  const resume = Object.entries(view.resume);
  return (
    <Stack spacing={3}>
      <Cart lines={view.cart} catalog={catalog} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}><ProductChips title={t('wishlist')} products={view.wishlist} catalog={catalog} testId="sync-wishlist" /></Grid>
        <Grid size={{ xs: 12, md: 6 }}><ProductChips title={t('recentlyViewed')} products={view.recentlyViewed} catalog={catalog} testId="sync-recently-viewed" /></Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Box data-testid="sync-preferences">
            <Typography variant="subtitle2" gutterBottom>{t('preferences')}</Typography>
            {prefs.length ? prefs.map(([k, v]) => (
              <Typography key={k} variant="body2" data-pref={k}><strong>{translate(`lockstep.sync.view.pref.${k}`, { _: k })}</strong>: {v}</Typography>
            )) : <Typography variant="body2" color="text.secondary">{t('empty')}</Typography>}
          </Box>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Box data-testid="sync-resume">
            <Typography variant="subtitle2" gutterBottom>{t('resume')}</Typography>
            {resume.length ? (
              <Table size="small">
                <TableHead><TableRow><TableCell>{translate('lockstep.sync.devices.columns.device')}</TableCell><TableCell>{t('checkoutStep')}</TableCell><TableCell>{t('lastProductId')}</TableCell></TableRow></TableHead>
                <TableBody>
                  {resume.map(([deviceId, r]) => (
                    <TableRow key={deviceId} data-device={deviceId}>
                      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{deviceId}</TableCell>
                      <TableCell>{r.checkoutStep ?? none}</TableCell>
                      <TableCell>{r.lastProductId ? (catalog[r.lastProductId]?.title ?? r.lastProductId) : none}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : <Typography variant="body2" color="text.secondary">{t('empty')}</Typography>}
          </Box>
        </Grid>
      </Grid>
    </Stack>
  );
}
