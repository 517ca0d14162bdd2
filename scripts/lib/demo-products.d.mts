// Types of demo-products.mjs (the launcher scripts are plain ESM; the tests import this module from TypeScript).
import type { ProductCreate } from '../../plugins/catalog/schemas/catalog.schema.ts';

export declare const DATASET_FOLDER: string;
export declare const DATASET_FILE: string;
export declare const SKU_PREFIX: string;

/** One line of the Amazon 5-core reviews files (only the fields the demo catalogue reads). */
export interface Review {
  asin: string;
  summary?: string;
  reviewText?: string;
  overall?: number;
  helpful?: [number, number];
  [key: string]: unknown;
}

/** A row of the catalog plugin's import API (ProductCreate). */
export type DemoProduct = Required<ProductCreate>;

export declare function defaultReviewsFile(root: string, datasetsDir?: string): string;
export declare function readReviews(file: string): Promise<Review[]>;
export declare function productsFromReviews(reviews: readonly unknown[], options?: { limit?: number; currency?: string }): DemoProduct[];
