import { httpClient } from '../../../dataProvider/http';
import type { DataInventory } from './types';

export async function getInventory(): Promise<DataInventory> {
  const { json } = await httpClient('/api/plugins/privacy/inventory');
  return json as DataInventory;
}
