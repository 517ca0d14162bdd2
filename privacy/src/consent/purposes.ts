import { createHash } from 'node:crypto';
import { BASE_PURPOSES, OPT_OUT_PURPOSES } from './defaults.ts';

/** A purpose name: what consent_update events, the SDK and plugin definitions use. */
export const PURPOSE_PATTERN = '^[a-z][a-z0-9_-]{1,40}$';
export const PURPOSE_RE = new RegExp(PURPOSE_PATTERN);

/** How a purpose behaves before the person chose: always on, on until withdrawn, or off until granted. */
export type PurposeDefault = 'required' | 'opt-out' | 'opt-in';

export function purposeDefault(purpose: string): PurposeDefault {
  if (purpose === 'necessary') return 'required';
  return OPT_OUT_PURPOSES.has(purpose) ? 'opt-out' : 'opt-in';
}

/** A purpose the tenant can ask consent for, and who brought it (`base`, or the plugins declaring it). */
export interface DeclaredPurpose {
  purpose: string;
  source: 'base' | 'plugin';
  plugins: string[];
}

interface BuiltinText { title: string; description: string; text: string }

/** Version 1 of each base purpose's text: what tenants start with until a compliance officer publishes their own. */
export const BASE_TEXTS: Readonly<Record<(typeof BASE_PURPOSES)[number], BuiltinText>> = {
  necessary: {
    title: 'Strictly necessary',
    description: 'Running the shop: your basket, checkout, orders, support and remembering these choices.',
    text: 'We process the data needed to run the shop you use: your basket, checkout and orders, support conversations and the privacy choices you make here. This cannot be switched off.',
  },
  analytics: {
    title: 'Analytics',
    description: 'Measuring how the shop is used so we can improve it.',
    text: 'We record which pages and products you view and search for, to measure and improve the shop. You can withdraw this at any time; it then stops on all your devices.',
  },
  personalisation: {
    title: 'Personalisation',
    description: 'Recommendations and a shop that remembers you across devices.',
    text: 'We use what you browse and buy to recommend products and keep your experience consistent across your devices. You can withdraw this at any time; you are then removed from the next training of our recommendation models.',
  },
  marketing: {
    title: 'Marketing',
    description: 'Offers and newsletters tailored to you.',
    text: 'With your permission we use your activity to send you offers and newsletters that match your interests. You can withdraw this at any time.',
  },
};

/** Version 1 of a purpose a plugin declared (the tenant publishes a real text as version 2). */
export function builtinText(p: DeclaredPurpose): BuiltinText {
  const base = (BASE_TEXTS as Record<string, BuiltinText>)[p.purpose];
  if (base) return base;
  const title = p.purpose.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return {
    title,
    description: `Processing declared by ${p.plugins.join(', ') || 'a plugin'}.`,
    text: `We process your data for "${title}" (declared by ${p.plugins.join(', ') || 'a plugin'}) only with your permission. You can withdraw it at any time.`,
  };
}

/** The digest a consent record stores as proof of which text the person saw. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Base purposes plus every purpose a loaded plugin declares (`PluginDefinition.purposes`, `events.purpose`). */
export function declaredPurposes(plugins: { name: string; purposes?: string[]; eventsPurpose?: string }[]): DeclaredPurpose[] {
  const out = new Map<string, DeclaredPurpose>(BASE_PURPOSES.map((p) => [p, { purpose: p, source: 'base', plugins: [] }]));
  for (const plugin of plugins) {
    for (const purpose of [...(plugin.purposes ?? []), ...(plugin.eventsPurpose ? [plugin.eventsPurpose] : [])]) {
      if (!PURPOSE_RE.test(purpose)) continue;
      const entry = out.get(purpose) ?? out.set(purpose, { purpose, source: 'plugin', plugins: [] }).get(purpose)!;
      if (!entry.plugins.includes(plugin.name)) entry.plugins.push(plugin.name);
    }
  }
  return [...out.values()];
}
