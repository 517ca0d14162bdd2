import FactCheckIcon from '@mui/icons-material/FactCheck';
import { AuditReportList } from './AuditReportList';
import { AuditReportShow } from './AuditReportShow';
import type { AuditReport } from './types';

/** Privacy audits (`/api/plugins/privacy/audits`, subject `PrivacyAudit`): run, list, findings, HTML and PDF. */
export default {
  list: AuditReportList,
  show: AuditReportShow,
  icon: FactCheckIcon,
  recordRepresentation: (r: AuditReport) => new Date(r.ranAt).toLocaleString(),
};
