import { Chip, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { STATUS_COLORS, daysLeft, deadlineState } from './status';
import type { PrivacyRequest } from './types';

const P = 'lockstep.privacy.requests';

export function RequestStatusChip({ request }: { request: Pick<PrivacyRequest, 'id' | 'status'> }) {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLORS[request.status]} label={translate(`${P}.statuses.${request.status}`)} data-testid={`request-status-${request.id}`} data-status={request.status} />;
}

/** The deadline with how far away it is; an open request past it is highlighted. */
export function DueDate({ request }: { request: Pick<PrivacyRequest, 'id' | 'status' | 'dueAt'> }) {
  const translate = useTranslate();
  const state = deadlineState(request);
  const days = daysLeft(request.dueAt);
  return (
    <span data-testid={`request-due-${request.id}`} data-deadline={state}>
      <Typography component="span" variant="body2" color={state === 'overdue' ? 'error' : state === 'soon' ? 'warning.main' : 'text.primary'} sx={{ fontWeight: state === 'overdue' ? 700 : 400 }}>
        {new Date(request.dueAt).toLocaleDateString()}
      </Typography>
      {request.status !== 'completed' ? (
        <Typography component="span" variant="caption" color={state === 'overdue' ? 'error' : 'text.secondary'} sx={{ ml: 1 }}>
          {state === 'overdue' ? translate(`${P}.overdue_by`, { days: -days }) : translate(`${P}.due_in`, { days })}
        </Typography>
      ) : null}
    </span>
  );
}

/** Who the request is about: the identifier as given, or (after an erasure) only its digest. */
export function SubjectText({ request }: { request: Pick<PrivacyRequest, 'subject'> }) {
  const translate = useTranslate();
  const kind = translate(`${P}.subject_kinds.${request.subject.kind}`);
  return (
    <span>
      <Typography component="span" variant="caption" color="text.secondary">{kind}: </Typography>
      {request.subject.value !== null
        ? <code>{request.subject.value}</code>
        : <Typography component="span" variant="body2" color="text.secondary">{translate(`${P}.erased_subject`, { digest: request.subject.digest.slice(0, 12) })}</Typography>}
    </span>
  );
}
