// hashdrop: the match-keys core (normalize, hash, hashUserData, hashUserDataMany).
/** A match-key field, in either API's spelling (case-insensitive at run time). */
export type MatchKeyField =
  | "em" | "email" | "ph" | "phone" | "ge" | "gen" | "db" | "doby" | "dobm" | "dobd"
  | "ln" | "fn" | "fi" | "f5first" | "f5last" | "ct" | "st" | "zp" | "zip" | "country"
  | "external_id" | "extern_id" | "madid" | "lead_id";

/**
 * Load the WebAssembly module. In browsers and workers every other function throws a
 * `not_initialized` error until this has settled; in Node the module is loaded on import and
 * this resolves at once. Idempotent. `source` loads a copy of `hashdrop/hashdrop.wasm` that you
 * serve yourself instead of the bytes inlined in the package.
 */
export function init(source?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Options shared by every function. */
export interface HashOptions {
  /** Default country (ISO 3166-1 alpha-2, or a name) for values with no country of their own. */
  country?: string;
  /** How to read `05/03/1995`: month first (default) or day first. */
  dateOrder?: "mdy" | "dmy";
  /** Target API: Conversions API `user_data` (default) or legacy OCAPI `match_keys`. */
  api?: "capi" | "ocapi";
  /** Hash `external_id` (default true). */
  hashExternalId?: boolean;
  /** Current time in Unix seconds (dates of birth after this year are rejected). */
  now?: number;
  /** The current year, instead of `now`. Default: the clock's. */
  currentYear?: number;
}

/** Raw identifiers of one person: a value or several per field. */
export type UserRecord = Partial<Record<MatchKeyField, string | number | readonly string[] | null>>;

/** Conversions API `user_data`: arrays of SHA-256 hex hashes; `madid` and `lead_id` raw. */
export interface UserData {
  em?: string[]; ph?: string[]; fn?: string[]; ln?: string[]; ge?: string[]; db?: string[];
  ct?: string[]; st?: string[]; zp?: string[]; country?: string[]; external_id?: string[];
  madid?: string; lead_id?: string;
}

/** Offline Conversions API `match_keys` (legacy names). */
export interface MatchKeys {
  email?: string[]; phone?: string[]; gen?: string[]; doby?: string[]; dobm?: string[];
  dobd?: string[]; ln?: string[]; fn?: string[]; fi?: string[]; f5first?: string[];
  f5last?: string[]; ct?: string[]; st?: string[]; zip?: string[]; country?: string[];
  extern_id?: string[]; madid?: string[]; lead_id?: string;
}

/**
 * Normalize one identifier without hashing it; `undefined` when empty after normalization.
 * @throws {HashdropError} when the value cannot be normalized.
 */
export function normalize(field: MatchKeyField, value: string, options?: HashOptions): string | undefined;

/**
 * Normalize and SHA-256-hash one identifier: 64 lowercase hex, or the normalized value for keys
 * sent raw (`lead_id`, CAPI `madid`, `external_id` with `hashExternalId: false`); `undefined`
 * when empty.
 * @throws {HashdropError} when the value cannot be normalized.
 */
export function hash(field: MatchKeyField, value: string, options?: HashOptions): string | undefined;

/**
 * Hash a whole record into CAPI `user_data` (plain JSON, ready for `JSON.stringify`). The
 * record's own `country` beats `options.country`; empty values are left out.
 * @throws {HashdropError} on the first value that cannot be normalized.
 */
export function hashUserData(record: UserRecord, options?: HashOptions & { api?: "capi" }): UserData;
/** The same for the legacy Offline Conversions API: OCAPI `match_keys`. */
export function hashUserData(record: UserRecord, options: HashOptions & { api: "ocapi" }): MatchKeys;
/** With an `api` only known at run time. */
export function hashUserData(record: UserRecord, options?: HashOptions): UserData | MatchKeys;

/** What every function throws: `code` is stable (`invalid_email`, `unknown_field`, …). */
export interface HashdropError extends Error {
  code: string;
  /** The field (or option) at fault, as the caller named it. Never the value. */
  field: string;
  /** `hashUserDataMany` only: the 0-based index of the record at fault. */
  index?: number;
}

/** An identifier `hashUserDataMany` left out because it could not be normalized. */
export interface DroppedValue {
  /** 0-based index of the record in the array passed in. */
  record: number;
  /** The field as the record named it. */
  field: string;
  /** Why (`invalid_email`, `invalid_phone`, …). */
  code: string;
}

/** What `hashUserDataMany` returns: one result per record, in order, and what was left out. */
export interface HashedRecords<T> {
  hashed: T[];
  dropped: DroppedValue[];
}

/**
 * Hash many records in one call (one crossing into WebAssembly and one back, however many
 * records and values): `hashed[i]` is record `i`'s CAPI `user_data`. A value that cannot be
 * normalized is left out of its record and listed in `dropped`; the other values are kept.
 * @throws {HashdropError} on an unknown field or a value that is not a string, an integer, an
 * array of those or null (with `index`, the record's position).
 */
export function hashUserDataMany(
  records: readonly UserRecord[], options?: HashOptions & { api?: "capi" },
): HashedRecords<UserData>;
/** The same for the legacy Offline Conversions API: OCAPI `match_keys`. */
export function hashUserDataMany(
  records: readonly UserRecord[], options: HashOptions & { api: "ocapi" },
): HashedRecords<MatchKeys>;
/** With an `api` only known at run time. */
export function hashUserDataMany(
  records: readonly UserRecord[], options?: HashOptions,
): HashedRecords<UserData> | HashedRecords<MatchKeys>;
