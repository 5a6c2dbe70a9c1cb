// hashdrop/worker: the same functions in a Web Worker, each returning a promise.
import type {
  HashOptions, HashedRecords, MatchKeyField, MatchKeys, UserData, UserRecord,
} from "./index.js";
import type { CapiBatch, OcapiBatch, PrepareOptions, PreparedUpload } from "./upload.js";

export type { HashdropError } from "./index.js";

/** A worker that hashes. Calls run in order, off the page's thread. */
export interface HashingWorker {
  normalize(field: MatchKeyField, value: string, options?: HashOptions): Promise<string | undefined>;
  hash(field: MatchKeyField, value: string, options?: HashOptions): Promise<string | undefined>;
  hashUserData(record: UserRecord, options?: HashOptions & { api?: "capi" }): Promise<UserData>;
  hashUserData(record: UserRecord, options: HashOptions & { api: "ocapi" }): Promise<MatchKeys>;
  hashUserData(record: UserRecord, options?: HashOptions): Promise<UserData | MatchKeys>;
  hashUserDataMany(
    records: readonly UserRecord[], options?: HashOptions & { api?: "capi" },
  ): Promise<HashedRecords<UserData>>;
  hashUserDataMany(
    records: readonly UserRecord[], options: HashOptions & { api: "ocapi" },
  ): Promise<HashedRecords<MatchKeys>>;
  hashUserDataMany(
    records: readonly UserRecord[], options?: HashOptions,
  ): Promise<HashedRecords<UserData> | HashedRecords<MatchKeys>>;
  /** Stop the worker; pending and later calls reject with code `terminated`. */
  terminate(): void;
}

/** A worker that also prepares uploads (`createWorker({ upload: true })`). */
export interface UploadWorker extends HashingWorker {
  prepareUpload(
    csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions & { bodies?: "json" },
  ): Promise<PreparedUpload<string>>;
  prepareUpload(
    csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { api?: "capi"; bodies: "objects" },
  ): Promise<PreparedUpload<CapiBatch>>;
  prepareUpload(
    csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { api: "ocapi"; bodies: "objects" },
  ): Promise<PreparedUpload<OcapiBatch>>;
  prepareUpload(
    csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions,
  ): Promise<PreparedUpload<string | CapiBatch | OcapiBatch>>;
}

/**
 * Start a worker (a module worker from a Blob: a Content-Security-Policy must allow
 * `worker-src blob:`). Without `upload` it only hashes and loads only the hashing wasm.
 */
export function createWorker(options: { upload: true }): UploadWorker;
export function createWorker(options?: { upload?: false }): HashingWorker;
