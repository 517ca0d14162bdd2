import type { Finding } from '../finding.ts';
import { loadedPlugins } from '../platform-view.ts';
import type { AuditCheck } from './check-context.ts';

/**
 * Plugins processing personal data without a declared purpose: models holding personal categories (or declared
 * `dataCategories`) but no `purposes` in the definition (high: consent cannot gate what has no purpose). Also an
 * event consumer whose purpose the plugin does not list (medium) and models holding categories the plugin's
 * `dataCategories` leaves out (low).
 */
export const purposesCheck: AuditCheck = {
  id: 'purposes',
  async run({ ctx, inventory }) {
    const out: Finding[] = [];
    const definitions = new Map(loadedPlugins(ctx).map((p) => [p.name, p.definition]));
    for (const p of inventory.plugins) {
      const def = definitions.get(p.name);
      if (p.purposeMissing) {
        const categories = [...new Set([...p.modelCategories, ...p.dataCategories])].filter((c) => c !== 'credential');
        out.push({
          id: `purposes:${p.name}`, check: 'purposes', severity: 'high',
          refs: { plugin: p.name, categories: categories.join(', '), collections: p.collections.join(', ') },
          title: `Plugin "${p.name}" processes personal data without a declared purpose`,
          detail: `Its models (${p.collections.join(', ') || 'none'}) hold ${categories.join(', ')} data, but its definition declares no \`purposes\`: consent cannot be checked for what it does, and the data inventory cannot say why the data is kept.`,
          fix: `Add \`purposes: [...]\` to definePlugin({ name: '${p.name}', ... }) naming why it processes this data (necessary, analytics, personalisation, marketing, or a purpose of its own), and \`dataCategories: [${categories.map((c) => `'${c}'`).join(', ')}]\`. Set \`events.purpose\` to the purpose its event handler serves, so persons who did not grant it are withheld.`,
        });
      }
      const eventPurpose = def?.events?.purpose;
      if (eventPurpose && p.purposes.length && !p.purposes.includes(eventPurpose)) {
        out.push({
          id: `purposes:${p.name}:events`, check: 'purposes', severity: 'medium', refs: { plugin: p.name, purpose: eventPurpose },
          title: `Plugin "${p.name}" consumes events for "${eventPurpose}", a purpose it does not declare`,
          detail: `Its event consumer declares purpose "${eventPurpose}"; its \`purposes\` list only ${p.purposes.join(', ')}.`,
          fix: `Add '${eventPurpose}' to \`purposes\` of plugin "${p.name}" (tenants then ask consent for it), or set \`events.purpose\` to one of ${p.purposes.join(', ')}.`,
        });
      }
      const undeclared = p.dataCategories.length ? p.modelCategories.filter((c) => c !== 'credential' && !p.dataCategories.includes(c)) : [];
      if (undeclared.length) {
        out.push({
          id: `purposes:${p.name}:categories`, check: 'purposes', severity: 'low', refs: { plugin: p.name, categories: undeclared.join(', ') },
          title: `Plugin "${p.name}" stores categories its \`dataCategories\` does not list`,
          detail: `Its models hold ${undeclared.join(', ')}; its definition declares ${p.dataCategories.join(', ')}.`,
          fix: `Add ${undeclared.map((c) => `'${c}'`).join(', ')} to \`dataCategories\` of plugin "${p.name}", or drop the fields that hold them.`,
        });
      }
    }
    return out;
  },
};
