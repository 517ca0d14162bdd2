import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { User } from '../../types';

export function RoleField() {
  const user = useRecordContext<User>();
  const translate = useTranslate();
  if (!user) return null;
  return <Chip size="small" variant="outlined" label={translate(`lockstep.roles.${user.role}`, { _: user.role })} />;
}
