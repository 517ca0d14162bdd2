const CATEGORIES_EN = {
  identifier: 'Identifier', email: 'E-mail', name: 'Name', phone: 'Phone', address: 'Address', free_text: 'Free text', payment_ref: 'Payment reference',
  device_id: 'Device id', ip_address: 'IP address', credential: 'Credential', behavioral: 'Behavioural', preference: 'Preference',
};

/** Strings of the data inventory (`lockstep.privacy.inventory.*`, resource `privacy/inventory`). */
export const inventoryEn = {
  lockstep: {
    privacy: {
      inventory: {
        title: 'Data inventory',
        fields_title: 'Personal data fields',
        generated: 'Generated from declarations %{at} · %{smart_count} field |||| Generated from declarations %{at} · %{smart_count} fields',
        plugins_title: 'Plugins and their declared purposes',
        plugins_help: 'What each plugin says it processes, and why (its definition\'s purposes and dataCategories).',
        purpose_missing: 'Processing personal data without a declared purpose: %{plugins}',
        no_purpose: 'no purpose',
        encrypted: 'encrypted',
        encrypted_lookup: 'encrypted · blind index',
        clear: 'in clear',
        clear_by_design: 'in clear (by design)',
        unknown: 'not declared',
        reason: 'Kept in clear: %{reason}',
        retention_days: '%{days} days after %{field}',
        no_retention: 'kept until erased',
        search: 'Search owner, collection or field',
        clear_only: 'Only fields in clear',
        all: 'All',
        platform: 'platform',
        owner_kinds: { core: 'core', platform: 'platform', plugin: 'plugin' },
        columns: {
          owner: 'Owner', model: 'Model', collection: 'Collection', field: 'Field', category: 'Category', purposes: 'Purposes', encryption: 'Encryption',
          retention: 'Retention', plugin: 'Plugin', data_categories: 'Data categories', collections: 'Collections', personal_fields: 'Personal fields',
        },
        categories: CATEGORIES_EN,
      },
    },
  },
  resources: { 'privacy/inventory': { name: 'Data inventory |||| Data inventory' } },
};
