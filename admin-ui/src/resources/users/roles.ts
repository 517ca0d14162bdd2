import type { Role } from '../../types';

export const ROLES: readonly Role[] = ['owner', 'merchant', 'analyst', 'compliance_officer', 'plugin_developer'];

/** SelectInput choices; react-admin translates the `lockstep.roles.*` names. */
export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `lockstep.roles.${role}` }));
