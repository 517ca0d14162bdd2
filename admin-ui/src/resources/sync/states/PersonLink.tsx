import { Link as MuiLink } from '@mui/material';
import { useAbility } from '@casl/react';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';

/** A person id, linked to the identity person page when the user may read persons. */
export function PersonLink({ personId }: { personId: string | null }) {
  const ability = useAbility<LockstepAbility>();
  const createPath = useCreatePath();
  const translate = useTranslate();
  if (!personId) return <>{translate('lockstep.none')}</>;
  if (!ability.can('read', 'Person')) return <code>{personId}</code>;
  return (
    <MuiLink
      component={Link}
      to={createPath({ resource: 'identity/persons', id: personId, type: 'show' })}
      onClick={(e: React.MouseEvent) => e.stopPropagation()}
      data-testid={`sync-person-link-${personId}`}
    >
      <code>{personId}</code>
    </MuiLink>
  );
}
