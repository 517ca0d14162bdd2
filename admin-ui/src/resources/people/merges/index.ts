import MergeTypeIcon from '@mui/icons-material/MergeType';
import { MergeList } from './MergeList';

/** The identity plugin's tenant-wide merge history (`GET /api/plugins/identity/merges`, subject `Person`). */
export default {
  list: MergeList,
  icon: MergeTypeIcon,
};
