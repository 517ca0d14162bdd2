// Types of services.mjs (the launcher scripts are plain ESM; benches and tests import it from TypeScript).
import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const TOOLS: string;
export declare const FERRETDB_VERSION: string;
export declare const FERRETDB_BIN: string;
export interface FerretDBPatch { file: string; from: string; to: string; why: string }
export declare const FERRETDB_PATCHES: FerretDBPatch[];
export declare const FERRETDB_BUILD: string;
export declare function patchFerretDB(src: string): void;
export declare function ensureRedis(): void;
export declare function ensureChromium(): void;
export declare const FERRETDB_STOCK_BIN: string;
export declare function ensureFerretDB(o?: { stock?: boolean }): string;
export declare function freePort(): Promise<number>;
export declare function portInUse(port: number): Promise<boolean>;
export declare function waitForPort(port: number, timeoutMs: number, child?: ChildProcess | null, name?: string): Promise<void>;
export declare function startRedis(o: { dataDir: string; port: number; quiet?: boolean }): Promise<ChildProcess>;
export declare function ferretdbSynchronous(env?: Record<string, string | undefined>): 'normal' | 'full';
export declare function startFerretDB(o: { dataDir: string; port: number; quiet?: boolean; bin?: string; synchronous?: 'normal' | 'full' }): Promise<ChildProcess>;
export declare function stopChild(child: ChildProcess | null | undefined, timeoutMs?: number): Promise<void>;
export declare function ensureConsoleBuilt(o?: { force?: boolean }): void;
export declare function ensureDemoBuilt(o?: { force?: boolean }): void;
