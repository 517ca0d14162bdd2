import { Box, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { channelColor } from '../events/eventTypes';
import { graphLayout } from './graphLayout';
import { kindKey } from './split';
import type { Identifier } from './types';

const KIND_SHAPES: Record<string, 'circle' | 'square' | 'diamond'> = { user_id: 'square', email_hash: 'diamond', external: 'diamond' };

/** The person and their identifiers as a star graph (SVG): devices coloured by channel, the account as a square. */
export function IdentityGraph({ personId, identifiers }: { personId: string; identifiers: Identifier[] }) {
  const translate = useTranslate();
  const { palette } = useTheme();
  const layout = graphLayout(identifiers);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <svg
        data-testid="identity-graph"
        role="img"
        aria-label={translate('lockstep.people.graph.title')}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        style={{ maxWidth: layout.width, display: 'block', margin: '0 auto' }}
      >
        {layout.nodes.map((n) => (
          <line key={`edge-${n.key}`} x1={layout.center.x} y1={layout.center.y} x2={n.x} y2={n.y} stroke={palette.divider} strokeWidth={1.5} />
        ))}
        <circle cx={layout.center.x} cy={layout.center.y} r={26} fill={palette.primary.main} />
        <text x={layout.center.x} y={layout.center.y + 4} textAnchor="middle" fontSize={11} fill={palette.primary.contrastText}>
          {translate('lockstep.people.graph.person')}
        </text>
        <text x={layout.center.x} y={layout.center.y + 42} textAnchor="middle" fontSize={10} fill={palette.text.secondary}>{personId}</text>
        {layout.nodes.map((n) => {
          const fill = n.channel ? channelColor(n.channel) : palette.grey[600];
          const shape = KIND_SHAPES[kindKey(n.kind)] ?? 'circle';
          return (
            <g key={n.key} data-testid={`graph-node-${n.key}`} data-kind={n.kind}>
              <title>{`${translate(`lockstep.people.kinds.${kindKey(n.kind)}`, { _: n.kind })}: ${n.key.slice(n.kind.length + 1)}${n.channel ? ` (${n.channel})` : ''}`}</title>
              {shape === 'square' ? (
                <rect x={n.x - 11} y={n.y - 11} width={22} height={22} rx={3} fill={fill} />
              ) : shape === 'diamond' ? (
                <rect x={n.x - 10} y={n.y - 10} width={20} height={20} fill={fill} transform={`rotate(45 ${n.x} ${n.y})`} />
              ) : (
                <circle cx={n.x} cy={n.y} r={11} fill={fill} />
              )}
              <text x={n.x} y={n.y + 26} textAnchor="middle" fontSize={10} fill={palette.text.primary}>{n.label}</text>
              {n.channel ? <text x={n.x} y={n.y + 38} textAnchor="middle" fontSize={9} fill={palette.text.secondary}>{n.channel}</text> : null}
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
