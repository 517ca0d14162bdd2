import { AppBar as RaAppBar, LoadingIndicator, TitlePortal } from 'react-admin';
import { LocaleSwitch } from './LocaleSwitch';
import { TenantBadge } from './TenantBadge';

export function AppBar() {
  return (
    <RaAppBar
      toolbar={
        <>
          <TenantBadge />
          <LocaleSwitch />
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal />
    </RaAppBar>
  );
}
