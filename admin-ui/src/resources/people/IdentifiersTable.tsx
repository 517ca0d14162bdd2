import { Checkbox, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import { identifierKey, kindKey } from './split';
import type { Identifier } from './types';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

interface Props {
  identifiers: Identifier[];
  /** Selection for a split; without it the table has no checkboxes. */
  selected?: ReadonlySet<string>;
  onToggle?(key: string): void;
}

/** Every identifier of a person: kind, value, last channel and device, first/last seen. */
export function IdentifiersTable({ identifiers, selected, onToggle }: Props) {
  const translate = useTranslate();
  const none = translate('lockstep.none');
  const col = (key: string) => translate(`lockstep.people.identifiers.${key}`);
  return (
    <Table size="small" data-testid="person-identifiers">
      <TableHead>
        <TableRow>
          {onToggle ? <TableCell padding="checkbox" /> : null}
          <TableCell>{col('kind')}</TableCell>
          <TableCell>{col('value')}</TableCell>
          <TableCell>{col('channel')}</TableCell>
          <TableCell>{col('device')}</TableCell>
          <TableCell>{col('firstSeenAt')}</TableCell>
          <TableCell>{col('lastSeenAt')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {identifiers.map((i) => {
          const key = identifierKey(i);
          return (
            <TableRow key={key} data-testid={`identifier-row-${key}`} data-kind={i.kind} selected={selected?.has(key)}>
              {onToggle ? (
                <TableCell padding="checkbox">
                  <Checkbox
                    size="small"
                    checked={selected?.has(key) ?? false}
                    onChange={() => onToggle(key)}
                    slotProps={{ input: { 'aria-label': key, ...({ 'data-testid': `identifier-select-${key}` } as object) } }}
                  />
                </TableCell>
              ) : null}
              <TableCell>{translate(`lockstep.people.kinds.${kindKey(i.kind)}`, { _: i.kind })}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{i.value}</TableCell>
              <TableCell>{i.channel ?? none}</TableCell>
              <TableCell>{[i.device?.screen, i.device?.os].filter(Boolean).join(' · ') || none}</TableCell>
              <TableCell>{when(i.firstSeenAt) ?? none}</TableCell>
              <TableCell>{when(i.lastSeenAt) ?? none}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
