import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { SyncHealthDashboard } from './SyncHealthDashboard';

/** Sync health dashboard (`/api/plugins/sync/health`, subject `SyncState`): convergence, resyncs, divergence, devices. */
export default {
  list: SyncHealthDashboard,
  icon: MonitorHeartIcon,
};
