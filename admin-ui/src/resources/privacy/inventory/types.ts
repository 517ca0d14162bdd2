/** `GET /api/plugins/privacy/inventory` (privacy/src/compliance/inventory.ts). */
export interface InventoryField {
  id: string;
  owner: string;
  ownerKind: 'core' | 'platform' | 'plugin';
  model: string;
  collection: string;
  field: string;
  category: string;
  purposes: string[];
  encryptedByDefault: boolean;
  encrypted: boolean | null;
  blindIndex: boolean | null;
  encryptReason: string | null;
  retention: { field: string; days: number; source: string } | null;
}

export interface InventoryPlugin {
  name: string;
  version: string;
  required: boolean;
  purposes: string[];
  dataCategories: string[];
  modelCategories: string[];
  collections: string[];
  personalFields: number;
  purposeMissing: boolean;
}

export interface DataInventory {
  generatedAt: string;
  fields: InventoryField[];
  plugins: InventoryPlugin[];
}
