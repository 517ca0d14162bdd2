import { useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslate } from 'react-admin';
import type { Queue } from '../types';

/** Waiting / active / failed per queue as grouped bars. */
export function QueueDepthChart({ queues }: { queues: Queue[] }) {
  const translate = useTranslate();
  const { palette } = useTheme();
  const data = queues.map((queue) => ({ name: queue.name, ...queue.counts }));
  const bars = [
    { key: 'waiting', color: palette.info.main },
    { key: 'active', color: palette.success.main },
    { key: 'failed', color: palette.error.main },
  ];
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {bars.map((bar) => (
          <Bar
            maxBarSize={56}
            key={bar.key}
            dataKey={bar.key}
            name={translate(`lockstep.status.${bar.key}`)}
            fill={bar.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
