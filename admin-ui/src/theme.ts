import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** react-admin's default theme with Lockstep's colours. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    mode: 'light',
    primary: { main: '#1f5fbf' },
    secondary: { main: '#16324f' },
    background: { default: '#f4f6f9' },
  },
  shape: { borderRadius: 8 },
};
