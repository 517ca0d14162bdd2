import FactCheckIcon from '@mui/icons-material/FactCheck';
import { ConsentDashboard } from './ConsentDashboard';

/**
 * Consent dashboard (`/api/plugins/privacy/consent/*`, subject `ConsentRecord`): rates per purpose and channel, changes
 * over time, and the purposes' versioned texts (publishing needs `publish ConsentPurpose`).
 */
export default {
  list: ConsentDashboard,
  icon: FactCheckIcon,
};
