import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { AbilityProvider } from '../auth/AbilityProvider';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

/** react-admin's layout with our app bar; everything inside sees the user's CASL ability. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <AbilityProvider>
      <RaLayout appBar={AppBar} menu={Menu}>{children}</RaLayout>
    </AbilityProvider>
  );
}
