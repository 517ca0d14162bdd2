/** Where the storefront gets its publishable key: `?key=pk_…` (remembered in this browser), else /demo/config.json. */
export interface DemoConfig {
  /** Base URL of the Lockstep API: the origin that served this page. */
  endpoint: string;
  publishableKey: string | null;
  keySource: 'url' | 'saved' | 'server' | 'none';
  /** Why there is no key, or why the given one was refused. */
  problem?: string;
}

const KEY_STORAGE = 'lockstep-demo.key';

function savedKey(): string | null {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function saveKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // private mode: the override lasts for this page only
  }
}

export async function loadConfig(): Promise<DemoConfig> {
  const endpoint = location.origin;
  const url = new URL(location.href);
  if (url.searchParams.has('key')) {
    const given = url.searchParams.get('key')?.trim() ?? '';
    url.searchParams.delete('key');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (given.startsWith('sk_')) {
      return { endpoint, publishableKey: null, keySource: 'none', problem: 'That is a secret key (sk_…): it must never be put in a browser. Use the tenant\'s publishable key (pk_…).' };
    }
    if (given && !/^pk_[A-Za-z0-9_-]{16,120}$/.test(given)) {
      return { endpoint, publishableKey: null, keySource: 'none', problem: `"${given.slice(0, 12)}…" is not a publishable key (pk_ followed by at least 16 letters, digits, _ or -).` };
    }
    saveKey(given || null); // ?key= (empty) forgets the override
    if (given) return { endpoint, publishableKey: given, keySource: 'url' };
  }
  const saved = savedKey();
  if (saved) return { endpoint, publishableKey: saved, keySource: 'saved' };
  try {
    const res = await fetch('/demo/config.json', { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { publishableKey?: string | null; hint?: string };
    if (res.ok && typeof body.publishableKey === 'string' && body.publishableKey.startsWith('pk_')) {
      return { endpoint, publishableKey: body.publishableKey, keySource: 'server' };
    }
    return { endpoint, publishableKey: null, keySource: 'none', problem: body.hint ?? `config.json answered ${res.status}` };
  } catch (err) {
    return { endpoint, publishableKey: null, keySource: 'none', problem: `could not read /demo/config.json: ${(err as Error).message}` };
  }
}
