import InventoryIcon from '@mui/icons-material/Inventory2';
import { InventoryPage } from './InventoryPage';

/** The data inventory (`GET /api/plugins/privacy/inventory`, subject `DataInventory`). */
export default {
  list: InventoryPage,
  icon: InventoryIcon,
};
