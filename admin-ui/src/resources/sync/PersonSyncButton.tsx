import SyncIcon from '@mui/icons-material/Sync';
import { useAbility } from '@casl/react';
import { Button, Link, useCreatePath, useRecordContext } from 'react-admin';
import type { LockstepAbility } from '../../auth/ability';
import { personKeyOf } from './format';

/** On an identity person's page: opens that person's live sync state (`sync/states/p:<personId>`). */
export function PersonSyncButton() {
  const person = useRecordContext<{ id: string; mergedInto?: string | null }>();
  const ability = useAbility<LockstepAbility>();
  const createPath = useCreatePath();
  if (!person || person.mergedInto || !ability.can('read', 'SyncState')) return null;
  return (
    <Button
      label="lockstep.sync.live_state"
      component={Link}
      to={createPath({ resource: 'sync/states', id: personKeyOf(String(person.id)), type: 'show' })}
      data-testid="person-sync-state"
    >
      <SyncIcon />
    </Button>
  );
}
