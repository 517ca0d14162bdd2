import DevicesIcon from '@mui/icons-material/Devices';
import { SyncStateList } from './SyncStateList';
import { SyncStateShow } from './SyncStateShow';
import type { SyncStateRow } from '../types';

/** Live sync states (`/api/plugins/sync/states`, subject `SyncState`): one per person across their devices. */
export default {
  list: SyncStateList,
  show: SyncStateShow,
  icon: DevicesIcon,
  recordRepresentation: (s: SyncStateRow) => String(s.id),
};
