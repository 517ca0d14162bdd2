import type { ModelSpec } from '../db/define-model.ts';
import { EventSpec } from '../events/event.model.ts';

/** The core's own models. Plugin models are declared the same way in their manifests. */
export const TenantSpec: ModelSpec = {
  name: 'Tenant',
  collection: 'core_tenants',
  idPrefix: 'ten_',
  tenantScoped: false,
  fields: {
    name: { type: String, required: true, trim: true, maxlength: 120, pii: 'none' },
    slug: { type: String, required: true, match: /^[a-z0-9][a-z0-9-]{1,62}$/, pii: 'none' },
    status: { type: String, enum: ['active', 'suspended'], default: 'active', pii: 'none' },
  },
  indexes: [[{ slug: 1 }, { unique: true }]],
};

export const USER_ROLES = ['owner', 'merchant', 'analyst', 'compliance_officer', 'plugin_developer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const UserSpec: ModelSpec = {
  name: 'User',
  collection: 'core_users',
  idPrefix: 'usr_',
  fields: {
    // Staff accounts, not shoppers: login looks the address up across tenants (a blind index is per tenant) and the
    // console sorts and searches users. Listed by the privacy audit as a deliberate exception.
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254, pii: 'email', encryptAtRest: false, encryptReason: 'staff login: looked up across tenants, sorted and searched in the console' },
    name: { type: String, default: '', trim: true, maxlength: 120, pii: 'name', encryptAtRest: false, encryptReason: 'staff account name: sorted and searched in the console' },
    passwordHash: { type: String, required: true, select: false, pii: 'credential' },
    role: { type: String, enum: USER_ROLES, required: true, pii: 'none' },
    platformRole: { type: String, enum: ['owner', null], default: null, pii: 'none' },
    lastLoginAt: { type: Date, default: null, pii: 'none' },
  },
  // Email is unique across the deployment: a login names one user, whose tenant follows.
  indexes: [[{ email: 1 }, { unique: true }]],
};

export const SessionSpec: ModelSpec = {
  name: 'Session',
  collection: 'core_sessions',
  idPrefix: 'ses_',
  fields: {
    tokenHash: { type: String, required: true, pii: 'credential' },
    userId: { type: String, required: true, pii: 'identifier' },
    expiresAt: { type: Date, required: true, pii: 'none' },
    ip: { type: String, default: null, pii: 'ip_address' },
  },
  indexes: [[{ tokenHash: 1 }, { unique: true }], [{ userId: 1 }]],
  // Expired sessions authenticate nobody; kept a week after expiry for sign-in investigations.
  retention: { field: 'expiresAt', days: 7 },
};

export const API_KEY_KINDS = ['publishable', 'secret'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

export const ApiKeySpec: ModelSpec = {
  name: 'ApiKey',
  collection: 'core_api_keys',
  idPrefix: 'key_',
  fields: {
    name: { type: String, required: true, trim: true, maxlength: 120, pii: 'none' },
    kind: { type: String, enum: API_KEY_KINDS, required: true, pii: 'none' },
    prefix: { type: String, required: true, pii: 'none' },
    keyHash: { type: String, required: true, select: false, pii: 'credential' },
    revokedAt: { type: Date, default: null, pii: 'none' },
    lastUsedAt: { type: Date, default: null, pii: 'none' },
    createdBy: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [[{ keyHash: 1 }, { unique: true }]],
};

export const PluginStateSpec: ModelSpec = {
  name: 'PluginState',
  collection: 'core_plugin_states',
  idPrefix: 'pls_',
  fields: {
    plugin: { type: String, required: true, pii: 'none' },
    enabled: { type: Boolean, required: true, pii: 'none' },
    settings: { type: Object, default: {}, pii: 'none' },
    installedAt: { type: Date, default: null, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, plugin: 1 }, { unique: true }]],
};

export const CORE_MODEL_SPECS = [TenantSpec, UserSpec, SessionSpec, ApiKeySpec, PluginStateSpec, EventSpec];
