import { Divider, ListSubheader } from '@mui/material';
import { Menu as RaMenu, useCanAccessResources, useResourceDefinitions, useSidebarState, useTranslate } from 'react-admin';

/** Pages of the Privacy group: the audit log and every `privacy/…` resource, whichever feature contributes it. */
export const isPrivacyResource = (name: string): boolean => name === 'audit' || name.startsWith('privacy/');

/**
 * react-admin's menu with the privacy pages grouped under "Privacy". Each entry still follows the CASL rules
 * (ResourceItem hides what the user may not list); the group heading shows when at least one of its pages does, so
 * compliance officers see it and merchants do not.
 */
export function Menu() {
  const translate = useTranslate();
  const [open] = useSidebarState();
  const resources = useResourceDefinitions();
  const names = Object.keys(resources).filter((n) => resources[n]!.hasList);
  const privacy = names.filter(isPrivacyResource);
  const { canAccess } = useCanAccessResources({ action: 'list', resources: privacy });
  const showGroup = privacy.some((n) => canAccess?.[n]);
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      {names.filter((n) => !isPrivacyResource(n)).map((n) => <RaMenu.ResourceItem key={n} name={n} />)}
      {showGroup ? (
        open
          ? <ListSubheader data-testid="menu-group-privacy" sx={{ bgcolor: 'transparent', lineHeight: '32px', mt: 1 }}>{translate('lockstep.privacy.menu')}</ListSubheader>
          : <Divider data-testid="menu-group-privacy" sx={{ my: 1 }} />
      ) : null}
      {privacy.map((n) => <RaMenu.ResourceItem key={n} name={n} />)}
    </RaMenu>
  );
}
