import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { loadPlugins, orderByDependencies, type LoadedPlugin } from './plugin-loader.ts';

/** Plugins that are part of the platform: loaded in every API and worker process, always enabled (`required`). */
const BUILTIN_SOURCES = [
  { name: 'privacy', source: pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../privacy/src/plugin/index.ts')).href },
];

let cached: Promise<LoadedPlugin[]> | null = null;

/** The built-in plugins first, then the given ones; a loaded plugin that reuses a built-in name fails, naming it. */
export async function withBuiltins(plugins: LoadedPlugin[]): Promise<LoadedPlugin[]> {
  cached ??= loadPlugins(BUILTIN_SOURCES);
  // Fresh entries per app: the host marks plugins failed in place.
  const builtins = (await cached).map((p) => ({ ...p }));
  const names = new Set(builtins.map((b) => b.name));
  const rest = plugins.filter((p) => !(names.has(p.name) && p.source === builtins.find((b) => b.name === p.name)!.source)).map((p) => (
    names.has(p.name) ? { ...p, status: 'failed' as const, definition: undefined, error: `plugin "${p.name}": the name belongs to a built-in platform plugin` } : p
  ));
  return orderByDependencies([...builtins, ...rest]);
}
