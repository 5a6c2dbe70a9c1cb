// The npm package the way partners use it: the packed tarball, installed into
// tests/npm-consumers by `cargo xtask test` (HASHDROP_CONSUMERS points elsewhere if needed) and
// required by its name, through the package's `exports`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const consumers =
  process.env.HASHDROP_CONSUMERS ?? path.resolve(here, "../../../tests/npm-consumers");
const require = createRequire(path.join(consumers, "package.json"));
const { normalize, hash, hashUserData, hashUserDataMany } = require("hashdrop");

const MARY = "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec";

test("hash and normalize follow Meta's documented examples", () => {
  assert.equal(
    hash("email", " John_Smith@gmail.com "),
    "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
  );
  assert.equal(normalize("ph", "(650)555-1212", { country: "us" }), "16505551212");
  assert.equal(normalize("PHONE", "020 7946 0958", { country: "GB" }), "442079460958");
  assert.equal(normalize("db", "05-03-1995", { dateOrder: "dmy", now: 1795132800 }), "19950305");
  assert.equal(hash("fn", "Mary"), MARY);
  assert.equal(hash("lead_id", " 917253640183740 "), "917253640183740");
  assert.equal(hash("madid", "AB-CD", { api: "ocapi" }).length, 64);
  assert.equal(hash("external_id", " c-7 ", { hashExternalId: false }), "c-7");
  assert.equal(hash("em", "   "), undefined);
});

test("errors are Error objects with code and field, never the value", () => {
  assert.throws(
    () => hash("em", "secret-person(at)example.com"),
    (error) =>
      error instanceof Error &&
      error.code === "invalid_email" &&
      error.field === "em" &&
      !error.message.includes("secret"),
  );
  assert.throws(() => hash("e-mail", "x@y.z"), { code: "unknown_field", field: "e-mail" });
  assert.throws(() => hash("em", "x@y.z", { api: "graph" }), { code: "invalid_option", field: "api" });
  assert.throws(() => normalize("db", "1/1/2030", { currentYear: 2026 }), {
    code: "invalid_date_of_birth",
  });
});

test("hashUserData returns plain JSON in Meta's user_data shape", () => {
  const userData = hashUserData(
    { email: ["Mary@Example.com", "mary@example.com"], fn: "Mary", zip: "94105-1234", country: "US", lead_id: "123" },
    { now: 1795132800 },
  );
  assert.equal(Object.getPrototypeOf(userData), Object.prototype);
  assert.deepEqual(Object.keys(userData), ["em", "fn", "zp", "country", "lead_id"]);
  assert.equal(userData.em.length, 1);
  assert.deepEqual(userData.fn, [MARY]);
  assert.deepEqual(userData.zp, [hash("zp", "94105")]);
  assert.equal(userData.lead_id, "123");
  assert.equal(JSON.stringify(userData), JSON.stringify(JSON.parse(JSON.stringify(userData))));

  const matchKeys = hashUserData({ email: "mary@example.com", db: "2/16/1997" }, { api: "ocapi" });
  assert.deepEqual(Object.keys(matchKeys), ["email", "doby", "dobm", "dobd"]);
  assert.throws(() => hashUserData({ ph: "12" }), { code: "invalid_phone", field: "ph" });
});

test("hashUserDataMany gives what hashUserData gives, record by record, and lists dropped values", () => {
  const records = [
    { email: "Mary@Example.com", phone: "(650) 555-1212" },
    { fn: "Mary", ph: "12" },
    { em: ["a@b.co", "secret(at)x"], zip: 94105 },
  ];
  const { hashed, dropped } = hashUserDataMany(records, { country: "us" });
  assert.deepEqual(hashed[0], hashUserData(records[0], { country: "us" }));
  assert.deepEqual(hashed[1], hashUserData({ fn: "Mary" }, { country: "us" }));
  assert.deepEqual(hashed[2], hashUserData({ em: "a@b.co", zip: "94105" }, { country: "us" }));
  assert.deepEqual(dropped, [
    { record: 1, field: "ph", code: "invalid_phone" },
    { record: 2, field: "em", code: "invalid_email" },
  ]);
  assert.ok(!JSON.stringify(dropped).includes("secret"));
  assert.deepEqual(Object.keys(hashUserDataMany([{ email: "a@b.co" }], { api: "ocapi" }).hashed[0]), ["email"]);
  assert.throws(() => hashUserDataMany([{}, { "e-mail": "x" }]), { code: "unknown_field", index: 1 });
  assert.throws(() => hashUserDataMany({}), { code: "invalid_type", field: "records" });
});
