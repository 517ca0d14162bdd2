import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { AuditLogList } from './AuditLogList';

/** The audit log viewer (core routes `GET /api/audit`, `POST /api/audit/verify`; subject `AuditLog`). */
export default {
  list: AuditLogList,
  icon: ReceiptLongIcon,
};
