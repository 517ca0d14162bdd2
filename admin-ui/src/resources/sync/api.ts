import { httpClient } from '../../dataProvider/http';
import { recordUrl } from '../../dataProvider/paths';
import type { SyncHealth, SyncSettings } from './types';

/** The sync plugin's name: its console API lives under /api/plugins/sync, its settings at /api/plugins/sync. */
export const SYNC_PLUGIN = 'sync';
const BASE = `/api/plugins/${SYNC_PLUGIN}`;

/** Convergence, resyncs, digest mismatches and connected devices per minute over the last `minutes`. */
export async function getSyncHealth(minutes: number): Promise<SyncHealth> {
  return (await httpClient(`${BASE}/health?minutes=${encodeURIComponent(String(minutes))}`)).json as SyncHealth;
}

export interface SyncPluginRecord {
  enabled: boolean;
  status: string;
  settings: Partial<SyncSettings> & Record<string, unknown>;
}

/** The plugin record (its per-tenant settings) through the core's plugin API. */
export async function getSyncPlugin(): Promise<SyncPluginRecord> {
  return (await httpClient(recordUrl('plugins', SYNC_PLUGIN))).json as SyncPluginRecord;
}

/** Saves the whole settings object (the core replaces it and validates it against the plugin's schema). */
export async function putSyncSettings(settings: Record<string, unknown>): Promise<SyncPluginRecord> {
  return (await httpClient(recordUrl('plugins', SYNC_PLUGIN), { method: 'PUT', body: JSON.stringify({ settings }) })).json as SyncPluginRecord;
}
