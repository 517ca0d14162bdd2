import TuneIcon from '@mui/icons-material/Tune';
import { IdentitySettingsPage } from './IdentitySettingsPage';

/**
 * The identity plugin's merge rules as a console page. A resource (not a custom route) so that the menu entry and
 * the route follow the CASL rules like every other page: it maps to subject `Plugin` (read to see, update to save).
 */
export default {
  list: IdentitySettingsPage,
  icon: TuneIcon,
};
