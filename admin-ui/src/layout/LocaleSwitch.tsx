import { Box } from '@mui/material';
import { LocalesMenuButton } from 'react-admin';
import { LOCALES } from '../i18n/locales';

/** The language menu of the app bar (English / 中文). */
export function LocaleSwitch() {
  return (
    <Box component="span" data-testid="locale-switch">
      <LocalesMenuButton languages={LOCALES} />
    </Box>
  );
}
