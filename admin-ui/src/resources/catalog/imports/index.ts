import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { CatalogImport } from '../../../types';
import { ImportCreate } from './ImportCreate';
import { ImportList } from './ImportList';

export default {
  list: ImportList,
  create: ImportCreate,
  icon: UploadFileIcon,
  recordRepresentation: (record: CatalogImport) => `#${record.id}`,
};
