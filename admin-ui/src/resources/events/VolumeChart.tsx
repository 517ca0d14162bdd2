import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { channelColor } from './eventTypes';
import type { VolumeRow } from './volumeSeries';

/** Events per bucket, stacked by channel. Display only: EventVolume fetches. */
export function VolumeChart({ rows, channels }: { rows: VolumeRow[]; channels: string[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {channels.map((channel) => (
          <Bar key={channel} dataKey={channel} name={channel} stackId="channels" fill={channelColor(channel)} maxBarSize={48} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
