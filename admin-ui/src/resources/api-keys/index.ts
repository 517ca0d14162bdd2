import VpnKeyIcon from '@mui/icons-material/VpnKey';
import type { ApiKey } from '../../types';
import { ApiKeyCreate } from './ApiKeyCreate';
import { ApiKeyList } from './ApiKeyList';

export default {
  list: ApiKeyList,
  create: ApiKeyCreate,
  icon: VpnKeyIcon,
  recordRepresentation: (key: ApiKey) => `${key.name} (${key.prefix})`,
};
