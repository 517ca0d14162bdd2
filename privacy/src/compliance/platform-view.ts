import type { Connection } from 'mongoose';
import type { PluginContext, PluginDefinition } from '../../../server/src/core/plugin-contract.ts';
import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import { CORE_MODEL_SPECS } from '../../../server/src/models/core-models.ts';

/** Owner name of the core's own models in the data inventory (the registry uses the same). */
export const CORE_OWNER = 'core';
/** The core processes its data (accounts, sessions, shopper events as received) to run the service. */
export const CORE_PURPOSES: readonly string[] = ['necessary'];

export interface PlatformPlugin {
  name: string;
  definition: PluginDefinition;
}

/** A model of the platform and who declares it: `core`, or a plugin (the privacy plugin included). */
export interface PlatformModel {
  owner: string;
  spec: ModelSpec;
  /** The owner's declared purposes; null when the plugin declares none. */
  purposes: readonly string[] | null;
}

/** The loaded plugins (active ones), through the platform view the host gives required plugins. */
export function loadedPlugins(ctx: PluginContext): PlatformPlugin[] {
  const platform = ctx.platform;
  if (!platform) throw new Error(`plugin "${ctx.name}" has no platform view (only required plugins get ctx.platform)`);
  return platform.plugins().map(({ name, definition }) => ({ name, definition }));
}

/** Every model spec the platform runs: the core's, then each loaded plugin's. */
export function platformModels(ctx: PluginContext): PlatformModel[] {
  return [
    ...CORE_MODEL_SPECS.map((spec) => ({ owner: CORE_OWNER, spec, purposes: CORE_PURPOSES })),
    ...loadedPlugins(ctx).flatMap((p) => (p.definition.models ?? []).map((spec) => ({ owner: p.name, spec, purposes: p.definition.purposes?.length ? p.definition.purposes : null }))),
  ];
}

/**
 * The store connection behind one of the privacy plugin's own models. Retention and the privacy audit read and
 * delete across every collection (core and plugins) by collection name, with the raw driver: the privacy plugin is
 * part of the platform, and no other plugin gets this.
 */
export function storeOf(ctx: PluginContext, ownModel: string): Connection {
  return ctx.model(ownModel).db;
}
