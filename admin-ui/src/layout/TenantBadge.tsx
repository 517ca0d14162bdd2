import { Chip } from '@mui/material';
import { useGetIdentity, useTranslate } from 'react-admin';

/** The tenant the signed-in user acts in, and their role. */
export function TenantBadge() {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  if (!identity) return null;
  const tenant = (identity.tenant as { name?: string } | undefined)?.name;
  const role = translate(`lockstep.roles.${String(identity.role)}`, { _: String(identity.role) });
  return (
    <Chip
      data-testid="tenant-badge"
      size="small"
      variant="outlined"
      label={tenant ? `${tenant} · ${role}` : role}
      sx={{ color: 'inherit', borderColor: 'currentColor', mx: 1, display: { xs: 'none', sm: 'inline-flex' } }}
    />
  );
}
