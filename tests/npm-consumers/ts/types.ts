// Compile-only check of the package's `.d.ts` as installed from the tarball (`tsc -p
// tests/npm-consumers/ts`): the precise types partners see. Lines marked @ts-expect-error must
// stay errors.
import {
  init,
  hashUserDataMany,
  type HashedRecords,
  hash,
  hashUserData,
  normalize,
} from "hashdrop";
import {
  prepareUpload,
  prepareUploadParallel,
  type CapiBatch,
  type ColumnDetection,
  type Mapping,
  type OcapiBatch,
  type PrepareOptions,
  type PreparedUpload,
} from "hashdrop/upload";
import { createWorker, type HashingWorker, type UploadWorker } from "hashdrop/worker";
import { HashdropUserData } from "hashdrop/element";
import {
  type HashOptions,
  type HashdropError,
  type MatchKeys,
  type UserData,
  type UserRecord,
} from "hashdrop";

const options: HashOptions = { country: "us", dateOrder: "dmy", api: "capi", now: 1795132800 };
const hashed: string | undefined = hash("em", "a@b.co", options);
const normalized: string | undefined = normalize("zip", "94105-1234");
const record: UserRecord = { em: ["a@b.co"], ph: "650 555 1212", lead_id: 123 };
const userData: UserData = hashUserData(record, { country: "us" });
const either: UserData | MatchKeys = hashUserData(record, options);
const emails: string[] | undefined = userData.em;
const leadId: string | undefined = userData.lead_id;
const legacy: MatchKeys = hashUserData(record, { api: "ocapi" });
const legacyEmails: string[] | undefined = legacy.email;

try {
  hash("ph", "12");
} catch (e) {
  const error = e as HashdropError;
  const code: string = error.code;
  const field: string = error.field;
  console.log(code, field);
}

// @ts-expect-error: not a match-key field
hash("e-mail", "a@b.co");
// @ts-expect-error: dateOrder is "mdy" or "dmy"
hash("db", "1/2/1990", { dateOrder: "ymd" });
// @ts-expect-error: user_data arrays hold strings
const wrong: number[] | undefined = userData.ph;

// @ts-expect-error: an OCAPI call returns MatchKeys, not UserData
const mixedUp: UserData = hashUserData(record, { api: "ocapi" }).email;

const mapping: Mapping = { Email: "email", Amount: "value", Store: "custom_data.store:number", Notes: null };
const prepareOptions: PrepareOptions = { now: 1795132800, eventName: "Purchase", mapping, delimiter: ";" };
const capi: PreparedUpload<CapiBatch> = prepareUpload("email\na@b.co\n", { ...prepareOptions, api: "capi", bodies: "objects" });
const firstHashes: string[] | undefined = capi.batches[0]?.data[0]?.user_data.em;
const orderValue: number | undefined = capi.batches[0]?.data[0]?.custom_data?.value;
const ocapi: PreparedUpload<OcapiBatch> = prepareUpload(new Uint8Array(), { api: "ocapi", now: 0, bodies: "objects" });
const legacyZips: string[] | undefined = ocapi.batches[0]?.data[0]?.match_keys.zip;
const anyApi: PreparedUpload<CapiBatch | OcapiBatch> = prepareUpload(new ArrayBuffer(0), { api: Math.random() > 0.5 ? "capi" : "ocapi", bodies: "objects" });
// By default each body is the JSON text to post.
const texts: PreparedUpload<string> = prepareUpload("email\na@b.co\n", { api: "ocapi" });
const firstText: string | undefined = texts.batches[0];
const column: string | null | undefined = anyApi.rejected[0]?.column;
const accepted: number = anyApi.summary.accepted;
// How each column's target was found; null when the options gave the mapping.
const detected: ColumnDetection[] | null = texts.detection;
const firstDetected: ColumnDetection | undefined = texts.detection?.[0];
const detectedTarget: Mapping[string] | undefined = firstDetected?.target;
const detectedShape: [string, "high" | "medium" | "low", string, number, number] | undefined =
  firstDetected && [firstDetected.column, firstDetected.confidence, firstDetected.reason, firstDetected.sampled, firstDetected.matching];
// @ts-expect-error: detection is an array or null, never undefined
const missingDetection: ColumnDetection[] = texts.detection;
// @ts-expect-error: not a confidence
const badConfidence: ColumnDetection["confidence"] = "certain";
// @ts-expect-error: not a reason code
const badReason: ColumnDetection["reason"] = "guessed";

// @ts-expect-error: not a mapping target
const badMapping: Mapping = { Email: "e-mail" };
// @ts-expect-error: the file is text or bytes
prepareUpload(42, prepareOptions);
// @ts-expect-error: an OCAPI upload has match_keys, not user_data
const crossed: CapiBatch[] = prepareUpload("", { api: "ocapi", bodies: "objects" }).batches;
// @ts-expect-error: without bodies: "objects" the batches are strings
const notObjects: CapiBatch[] = prepareUpload("", {}).batches;
// @ts-expect-error: bodies is "json" or "objects"
prepareUpload("", { bodies: "xml" });

// prepareUploadParallel: the same results, as promises; a Blob (a File) is read too.
const inParallel: Promise<PreparedUpload<string>> = prepareUploadParallel(new Blob(["email\n"]), { now: 0, eventName: "Purchase" }, { workers: 2 });
const parallelObjects: Promise<PreparedUpload<CapiBatch>> = prepareUploadParallel("", { bodies: "objects" });
const parallelLegacy: Promise<PreparedUpload<OcapiBatch>> = prepareUploadParallel(new Uint8Array(), { api: "ocapi", bodies: "objects" });
// @ts-expect-error: the result is a promise
const notAwaited: PreparedUpload<string> = prepareUploadParallel("", {});
// @ts-expect-error: workers is a number
prepareUploadParallel("", {}, { workers: "2" });
// @ts-expect-error: the file is text, bytes or a Blob
prepareUploadParallel(42, {});
console.log(inParallel, parallelObjects, parallelLegacy, notAwaited);

await init();
const many: HashedRecords<UserData> = hashUserDataMany([record, { fn: "Mary" }], { country: "us" });
const legacyMany: HashedRecords<MatchKeys> = hashUserDataMany([record], { api: "ocapi" });
const droppedAt: number | undefined = many.dropped[0]?.record;
// @ts-expect-error: an OCAPI bulk call returns MatchKeys
const wrongMany: HashedRecords<UserData> = hashUserDataMany([record], { api: "ocapi" });

const hashing: HashingWorker = createWorker();
const uploading: UploadWorker = createWorker({ upload: true });
const fromWorker: Promise<HashedRecords<UserData>> = hashing.hashUserDataMany([record]);
const preparedInWorker: Promise<PreparedUpload<string>> = uploading.prepareUpload("email\na@b.co\n");
// @ts-expect-error: a hashing worker cannot prepare uploads
hashing.prepareUpload("");
const element: HashdropUserData | null = document.querySelector("hashdrop-user-data");
await element?.ready;
console.log(texts, firstText, many, legacyMany, droppedAt, wrongMany, fromWorker, preparedInWorker, notObjects);
// @ts-expect-error: unknown option (a typo of timeZone)
prepareUpload("", { timezone: "UTC" });

console.log(hashed, normalized, emails, leadId, legacyEmails, wrong, either, mixedUp);
console.log(firstHashes, orderValue, legacyZips, column, accepted, badMapping, crossed);
