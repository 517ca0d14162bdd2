import { httpClient } from '../../../dataProvider/http';
import type { KeyStatus, Rotation } from './types';

export async function getKeyStatus(): Promise<KeyStatus> {
  const { json } = await httpClient('/api/plugins/privacy/keys');
  return json as KeyStatus;
}

export async function startRotation(): Promise<Rotation> {
  const { json } = await httpClient('/api/plugins/privacy/keys/rotate', { method: 'POST', body: '{}' });
  return json as Rotation;
}
