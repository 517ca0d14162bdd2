import { useMemo, type ReactNode } from 'react';
import { AbilityProvider as CaslAbilityProvider } from '@casl/react';
import { usePermissions } from 'react-admin';
import type { RawRuleOf, MongoAbility } from '@casl/ability';
import { buildAbility } from './ability';

/**
 * Puts the signed-in user's CASL ability (built from the rules `authProvider.getPermissions()` returns) in
 * context, so any component can use `<Can I="toggle" a="Plugin">` or `useAbility()` from `@casl/react`.
 */
export function AbilityProvider({ children }: { children: ReactNode }) {
  const { permissions } = usePermissions<RawRuleOf<MongoAbility>[]>();
  const ability = useMemo(() => buildAbility(permissions ?? []), [permissions]);
  return <CaslAbilityProvider value={ability}>{children}</CaslAbilityProvider>;
}
