import { useState } from 'react';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import { Tooltip } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Confirm, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import { splitProblem } from './split';
import type { Identifier } from './types';

interface Props {
  personId: string;
  identifiers: Identifier[];
  selected: ReadonlySet<string>;
  onDone(): void;
}

/**
 * Splits the selected identifiers off into a new person after a confirmation (`POST …/persons/:id/split`);
 * the plugin re-attributes their events. For a wrong merge, e.g. a shared in-store tablet.
 */
export function SplitButton({ personId, identifiers, selected, onDone }: Props) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const problem = splitProblem(selected, identifiers);
  const moving = identifiers.map((i) => `${i.kind}:${i.value}`).filter((k) => selected.has(k));
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.splitPerson(personId, moving),
    onSuccess: ({ newPersonId }) => {
      notify('lockstep.people.split.done', { type: 'success', messageArgs: { id: newPersonId } });
      onDone();
      void queryClient.invalidateQueries({ queryKey: ['identity/persons', personId] });
      refresh();
    },
    onError: (error) => notify(error.message, { type: 'error' }),
    onSettled: () => setOpen(false),
  });
  const button = (
    <span>
      <Button label="lockstep.people.split.button" color="warning" variant="outlined" data-testid="split-person" disabled={problem !== null || isPending} onClick={() => setOpen(true)}>
        <CallSplitIcon />
      </Button>
    </span>
  );
  return (
    <>
      {problem ? <Tooltip title={translate(`lockstep.people.split.${problem}`)}>{button}</Tooltip> : button}
      <Confirm
        isOpen={open}
        loading={isPending}
        title="lockstep.people.split.title"
        content={
          <span data-testid="split-confirm-content">
            {translate('lockstep.people.split.content')}
            <br />
            <code>{moving.join(', ')}</code>
          </span>
        }
        translateOptions={{ count: moving.length, smart_count: moving.length }}
        confirm="lockstep.people.split.confirm"
        confirmColor="warning"
        onConfirm={() => mutate()}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
