import KeyIcon from '@mui/icons-material/Key';
import { KeysPage } from './KeysPage';

/** Encryption keys and rotation (`GET/POST /api/plugins/privacy/keys`, subject `EncryptionKey`). */
export default {
  list: KeysPage,
  icon: KeyIcon,
};
