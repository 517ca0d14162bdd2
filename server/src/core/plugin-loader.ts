import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import type { PluginDefinition } from './plugin-contract.ts';
import { CORE_VERSION } from './version.ts';
import { buildSchema, piiDeclarations } from '../db/define-model.ts';

export type PluginStatus = 'active' | 'failed';

export interface LoadedPlugin {
  name: string;
  source: string;
  status: PluginStatus;
  definition?: PluginDefinition;
  /** The reason a plugin failed, naming what is wrong. */
  error?: string;
}

const NAME = /^[a-z][a-z0-9-]{1,39}$/;

export function collectionPrefix(pluginName: string): string {
  return `${pluginName.replace(/-/g, '_')}_`;
}

/** Finds plugin sources: every folder of `dir` with an index.ts, or the names listed in config (`npm:<pkg>` for packages). */
export async function discoverPlugins(dir: string, names: string[]): Promise<{ name: string; source: string }[]> {
  const abs = path.resolve(dir);
  if (names.length) {
    return names.map((n) => (n.startsWith('npm:') ? { name: n.slice(4), source: n.slice(4) } : { name: n, source: pathToFileURL(path.join(abs, n, 'index.ts')).href }));
  }
  const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
  const found: { name: string; source: string }[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const index = path.join(abs, e.name, 'index.ts');
    if (await stat(index).then(() => true, () => false)) found.push({ name: e.name, source: pathToFileURL(index).href });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Checks one definition on its own; returns the problems, each naming the plugin. */
export function validateDefinition(def: PluginDefinition, coreVersion = CORE_VERSION): string[] {
  const problems: string[] = [];
  const who = `plugin "${def?.name ?? '?'}"`;
  if (!def || typeof def !== 'object') return ['the module does not export a plugin definition (export default definePlugin({...}))'];
  if (typeof def.name !== 'string' || !NAME.test(def.name)) problems.push(`${who}: name must be kebab-case, 2–40 chars`);
  if (typeof def.version !== 'string' || !semver.valid(def.version)) problems.push(`${who}: version "${def.version}" is not a semver version`);
  if (typeof def.coreCompatibility !== 'string' || !semver.validRange(def.coreCompatibility)) {
    problems.push(`${who}: coreCompatibility "${def.coreCompatibility}" is not a semver range`);
  } else if (!semver.satisfies(coreVersion, def.coreCompatibility, { includePrerelease: true })) {
    problems.push(`${who}: needs core ${def.coreCompatibility} but this core is ${coreVersion}`);
  }
  const prefix = collectionPrefix(def.name ?? '');
  const modelNames = new Set<string>();
  for (const spec of def.models ?? []) {
    if (!spec.collection?.startsWith(prefix)) problems.push(`${who}: model ${spec.name} collection "${spec.collection}" must start with "${prefix}"`);
    if (modelNames.has(spec.name)) problems.push(`${who}: model ${spec.name} is declared twice`);
    modelNames.add(spec.name);
    try {
      piiDeclarations(spec, buildSchema(spec));
    } catch (err) {
      problems.push(`${who}: ${(err as Error).message}`);
    }
  }
  for (const job of def.jobs ?? []) {
    if (!job.queue?.startsWith(`${def.name}-`)) problems.push(`${who}: queue "${job.queue}" must start with "${def.name}-"`);
    if (job.queue?.includes(':')) problems.push(`${who}: queue "${job.queue}" must not contain ':'`);
    if (typeof job.processor !== 'function') problems.push(`${who}: job ${job.name} needs a processor (lazy import)`);
  }
  for (const perm of def.permissions ?? []) {
    if (!/^[A-Z][A-Za-z]+$/.test(perm.subject)) problems.push(`${who}: permission subject "${perm.subject}" must be PascalCase`);
    for (const [grantee, actions] of Object.entries(perm.grants ?? {})) {
      const unknown = (actions ?? []).filter((a) => !perm.actions.includes(a));
      if (unknown.length) problems.push(`${who}: grant to ${grantee} on ${perm.subject} names undeclared action(s) ${unknown.join(', ')}`);
    }
  }
  if (def.routes !== undefined && typeof def.routes !== 'function') problems.push(`${who}: routes must be an async function (app, ctx)`);
  if (def.publicRoutes !== undefined && typeof def.publicRoutes !== 'function') problems.push(`${who}: publicRoutes must be an async function (app, ctx)`);
  return problems;
}

/**
 * Imports, validates and orders plugins. Never throws for a plugin's fault: a plugin that fails to import or
 * validate (and every plugin depending on it) is returned with status 'failed' and its error; the rest load.
 */
export async function loadPlugins(sources: { name: string; source: string }[], coreVersion = CORE_VERSION): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const { name, source } of sources) {
    try {
      const mod = (await import(source)) as { default?: PluginDefinition };
      const def = mod.default;
      const problems = validateDefinition(def as PluginDefinition, coreVersion);
      if (problems.length) loaded.push({ name: def?.name ?? name, source, status: 'failed', error: problems.join('; ') });
      else loaded.push({ name: def!.name, source, status: 'active', definition: def });
    } catch (err) {
      loaded.push({ name, source, status: 'failed', error: `plugin "${name}" threw while loading: ${(err as Error).message}` });
    }
  }
  // Duplicate names: every copy fails, naming both sources.
  const byName = new Map<string, LoadedPlugin[]>();
  for (const p of loaded) (byName.get(p.name) ?? byName.set(p.name, []).get(p.name)!).push(p);
  for (const [name, copies] of byName) {
    if (copies.length > 1) for (const c of copies) Object.assign(c, { status: 'failed', error: `plugin "${name}" is defined more than once (${copies.map((x) => x.source).join(', ')})` });
  }
  // Subjects and model names must be unique across plugins (they are CASL subjects and mongoose model names).
  const owners = new Map<string, string>();
  for (const p of loaded.filter((x) => x.status === 'active')) {
    for (const key of [...(p.definition!.models ?? []).map((m) => `model ${m.name}`), ...(p.definition!.permissions ?? []).map((m) => `subject ${m.subject}`)]) {
      const other = owners.get(key);
      if (other && other !== p.name) Object.assign(p, { status: 'failed', error: `plugin "${p.name}": ${key} is already declared by plugin "${other}"` });
      else owners.set(key, p.name);
    }
  }
  return orderByDependencies(loaded);
}

/** Topological order; plugins with missing, failed or circular dependencies fail with a message naming them. */
export function orderByDependencies(plugins: LoadedPlugin[]): LoadedPlugin[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const ordered: LoadedPlugin[] = [];
  // Keyed by entry, not name: duplicate-name copies are all kept (each failed), none silently dropped.
  const state = new Map<LoadedPlugin, 'visiting' | 'done'>();
  const visit = (p: LoadedPlugin, chain: string[]): void => {
    if (state.get(p) === 'done') return;
    if (state.get(p) === 'visiting') {
      Object.assign(p, { status: 'failed', error: `plugin "${p.name}": circular dependency ${[...chain, p.name].join(' → ')}` });
      return;
    }
    state.set(p, 'visiting');
    for (const dep of p.definition?.dependencies ?? []) {
      const d = byName.get(dep);
      if (!d) {
        Object.assign(p, { status: 'failed', error: `plugin "${p.name}": missing dependency "${dep}"` });
        continue;
      }
      visit(d, [...chain, p.name]);
      if (d.status === 'failed' && p.status === 'active') Object.assign(p, { status: 'failed', error: `plugin "${p.name}": dependency "${dep}" failed to load` });
    }
    state.set(p, 'done');
    ordered.push(p);
  };
  for (const p of plugins) visit(p, []);
  return ordered;
}
