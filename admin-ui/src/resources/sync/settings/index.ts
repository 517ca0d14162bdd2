import SyncAltIcon from '@mui/icons-material/SyncAlt';
import { SyncSettingsPage } from './SyncSettingsPage';

/**
 * The sync plugin's merge policy (its settings) as a console page. A resource, so the menu entry and the route follow
 * CASL like every page: subject `SyncSettings` (read to see it, update to save).
 */
export default {
  list: SyncSettingsPage,
  icon: SyncAltIcon,
};
