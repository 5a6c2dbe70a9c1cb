// The npm package the way partners use it: the `--target nodejs` build, called from JavaScript.
// `cargo xtask test` builds it into target/js-test/hashdrop-node and runs this with `node --test`;
// HASHDROP_PKG points elsewhere if needed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir =
  process.env.HASHDROP_PKG ?? path.resolve(here, "../../../target/js-test/hashdrop-node");
const require = createRequire(import.meta.url);
const { normalize, hash, hashUserData } = require(path.join(pkgDir, "hashdrop.js"));

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
