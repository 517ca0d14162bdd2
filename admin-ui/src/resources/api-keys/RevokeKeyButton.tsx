import { useState } from 'react';
import BlockIcon from '@mui/icons-material/Block';
import { useMutation } from '@tanstack/react-query';
import {
  Button,
  Confirm,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import type { ApiKey } from '../../types';

/**
 * Revokes a key after a confirmation. The server keeps the record (with `revokedAt`), so instead of react-admin's
 * delete (which drops the row from the list) this calls DELETE directly and refreshes the list.
 */
export function RevokeKeyButton() {
  const key = useRecordContext<ApiKey>();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'api-keys', action: 'delete' });
  const { mutate, isPending } = useMutation({
    mutationFn: (id: ApiKey['id']) => dataProvider.revokeApiKey(id),
    onSuccess: () => {
      notify('lockstep.api_keys.revoked', { type: 'success' });
      refresh();
    },
    onError: (error) => notify(error.message, { type: 'error' }),
    onSettled: () => setOpen(false),
  });
  if (!key || key.revokedAt || !canAccess) return null;
  return (
    <>
      <Button
        label="lockstep.api_keys.revoke"
        color="error"
        data-testid={`revoke-key-${key.id}`}
        disabled={isPending}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(true);
        }}
      >
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title="lockstep.api_keys.revoke_title"
        content="lockstep.api_keys.revoke_content"
        translateOptions={{ name: key.name }}
        confirm="lockstep.api_keys.revoke"
        confirmColor="warning"
        onConfirm={() => mutate(key.id)}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
