import type { VolumeAnswer } from '../resources/events/types';
import type { VolumeRange } from '../resources/events/volumeSeries';
import { httpClient } from './http';

/** `GET /api/events/volume`: events per channel per bucket. */
export async function getEventVolume(range: VolumeRange & { channel?: string; type?: string }): Promise<VolumeAnswer> {
  const query = new URLSearchParams({ bucket: range.bucket, from: range.from, to: range.to, utcOffset: String(range.utcOffset) });
  if (range.channel) query.set('channel', range.channel);
  if (range.type) query.set('type', range.type);
  return (await httpClient(`/api/events/volume?${query}`)).json as VolumeAnswer;
}
