// Compile-only check of the generated `.d.ts` (`tsc --noEmit -p crates/js/tests-js`): the
// precise types partners see. Lines marked @ts-expect-error must stay errors.
import {
  hash,
  hashUserData,
  normalize,
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

console.log(hashed, normalized, emails, leadId, legacyEmails, wrong, either, mixedUp);
