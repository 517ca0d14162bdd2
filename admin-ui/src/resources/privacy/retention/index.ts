import AutoDeleteIcon from '@mui/icons-material/AutoDelete';
import { RetentionPolicyList } from './RetentionPolicyList';

/** Retention policies per collection and their runs (`/api/plugins/privacy/retention`, subject `RetentionPolicy`). */
export default {
  list: RetentionPolicyList,
  icon: AutoDeleteIcon,
};
