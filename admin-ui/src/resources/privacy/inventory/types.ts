/** `GET /api/plugins/privacy/inventory`: the server's own types (all fields are JSON-safe). */
export type { DataInventory, InventoryField, InventoryPlugin } from '../../../../../privacy/src/compliance/inventory.ts';
