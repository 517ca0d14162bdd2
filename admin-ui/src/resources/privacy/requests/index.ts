import GavelIcon from '@mui/icons-material/Gavel';
import { RequestCreate } from './RequestCreate';
import { RequestList } from './RequestList';
import { RequestShow } from './RequestShow';
import type { PrivacyRequest } from './types';

/** Data-subject requests (`/api/plugins/privacy/requests`, subject `PrivacyRequest`): queue, create, detail. */
export default {
  list: RequestList,
  create: RequestCreate,
  show: RequestShow,
  icon: GavelIcon,
  recordRepresentation: (r: PrivacyRequest) => r.id,
};
