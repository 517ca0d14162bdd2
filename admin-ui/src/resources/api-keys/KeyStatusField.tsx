import { useRecordContext } from 'react-admin';
import { StatusChip } from '../../components/StatusChip';
import type { ApiKey } from '../../types';

/** `revoked` once the key has a `revokedAt`, else `active`. */
export function KeyStatusField() {
  const key = useRecordContext<ApiKey>();
  if (!key) return null;
  return <StatusChip status={key.revokedAt ? 'revoked' : 'active'} testId={`key-status-${key.id}`} />;
}
