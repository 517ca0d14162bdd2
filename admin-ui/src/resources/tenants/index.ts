import DomainIcon from '@mui/icons-material/Domain';
import type { Tenant } from '../../types';
import { TenantCreate } from './TenantCreate';
import { TenantList } from './TenantList';

/** Platform owners only (see `PLATFORM_ONLY` in auth/ability.ts). */
export default {
  list: TenantList,
  create: TenantCreate,
  icon: DomainIcon,
  recordRepresentation: (tenant: Tenant) => tenant.name,
};
