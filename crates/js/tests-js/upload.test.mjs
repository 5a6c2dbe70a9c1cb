// `prepareUpload` the way a partner calls it: from JavaScript, on the packed package,
// with the events crate's own case folders (crates/events/tests/cases/<case>/: input.csv,
// settings.json, expected.json) as the expected results.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const consumers =
  process.env.HASHDROP_CONSUMERS ?? path.resolve(here, "../../../tests/npm-consumers");
const require = createRequire(path.join(consumers, "package.json"));
const upload = require("hashdrop/upload");
// Most tests look inside the bodies: ask for objects (the default is each body's JSON text).
const prepareUpload = (csv, options) => upload.prepareUpload(csv, { bodies: "objects", ...options });

const casesDir = path.resolve(here, "../../events/tests/cases");
function loadCase(name) {
  const dir = path.join(casesDir, name);
  return {
    input: readFileSync(path.join(dir, "input.csv")),
    settings: JSON.parse(readFileSync(path.join(dir, "settings.json"), "utf8")),
    expected: JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")),
  };
}

const isPlain = (value) =>
  Array.isArray(value) ||
  (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype);

/** Every object and array in `value` is plain JSON data (never a Map, a class instance, …). */
function assertPlainJson(value, where = "result") {
  if (value === null || typeof value !== "object") return;
  assert.ok(isPlain(value), `${where} is plain JSON data`);
  for (const [key, inner] of Object.entries(value)) assertPlainJson(inner, `${where}.${key}`);
}

test("the store-sales sample gives the documented summary, rows, rejections and warnings", () => {
  const { input, settings, expected } = loadCase("store-sales");
  const result = prepareUpload(input, settings);
  assertPlainJson(result);
  assert.deepEqual(Object.keys(result), [
    "batches", "rejected", "warnings", "mapping", "summary", "previews", "detection",
  ]);
  assert.deepEqual(result.summary, { ...expected.summary, batches: 1 });
  assert.deepEqual(result.mapping, expected.settings.mapping);
  assert.deepEqual(
    result.warnings,
    expected.warnings.map(({ row, column, warning }) => ({ row, column, code: warning })),
  );

  const rejected = expected.rows.filter((row) => row.rejected);
  assert.deepEqual(
    result.rejected.map(({ row, column, code }) => ({ row, column, code })),
    rejected.map(({ row, column, rejected: code }) => ({ row, column, code })),
  );
  for (const row of result.rejected) assert.ok(row.message.length > 0, `row ${row.row} says why`);

  const accepted = expected.rows.filter((row) => !row.rejected);
  const events = result.batches.flatMap((batch) => batch.data);
  assert.equal(events.length, accepted.length);
  accepted.forEach((row, i) => {
    const event = events[i];
    assert.equal(event.event_name, row.event_name, `row ${row.row}`);
    assert.equal(event.event_time, row.event_time, `row ${row.row}`);
    assert.equal(event.action_source, "physical_store");
    assert.match(event.event_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(event.user_data, row.user_data, `row ${row.row}`);
    assert.deepEqual(event.custom_data, row.custom_data, `row ${row.row}`);
  });
});

test("a string, a Uint8Array and an ArrayBuffer give the same result, run after run", () => {
  const { input, settings } = loadCase("store-sales");
  const bytes = new Uint8Array(input);
  const fromBytes = JSON.stringify(prepareUpload(bytes, settings));
  assert.equal(JSON.stringify(prepareUpload(bytes.buffer, settings)), fromBytes);
  assert.equal(JSON.stringify(prepareUpload(input.toString("utf8"), settings)), fromBytes);
  assert.equal(JSON.stringify(prepareUpload(bytes, settings)), fromBytes, "event_ids are deterministic");
});

test("batches are the request bodies: top-level fields, limits, every accepted row exactly once", () => {
  const { input, settings } = loadCase("store-sales");
  const result = prepareUpload(input, {
    ...settings,
    maxBatchEvents: 100,
    uploadTag: "store-sales-2026-11",
    testEventCode: "TEST123",
    partnerAgent: "hashdrop-test",
  });
  assert.deepEqual(result.batches.map((b) => b.data.length), [100, 100, 87]);
  assert.equal(result.summary.batches, 3);
  for (const batch of result.batches) {
    assert.deepEqual(Object.keys(batch), ["data", "upload_tag", "test_event_code", "partner_agent"]);
    assert.equal(batch.upload_tag, "store-sales-2026-11");
    assert.equal(batch.test_event_code, "TEST123");
  }
  const orders = result.batches.flatMap((b) => b.data.map((e) => `${e.custom_data.order_id}/${e.custom_data.item_number}`));
  assert.equal(new Set(orders).size, result.summary.accepted, "no row twice, none lost");
});

test("the legacy OCAPI shape: match_keys with the legacy names, order fields at the top", () => {
  const { input, settings, expected } = loadCase("store-sales");
  const result = prepareUpload(input, { ...settings, api: "ocapi" });
  assert.equal(result.summary.accepted, expected.summary.accepted);
  const [event] = result.batches[0].data;
  const [row] = expected.rows.filter((r) => !r.rejected);
  assert.deepEqual(Object.keys(event), [
    "match_keys", "event_name", "event_time", "value", "currency", "order_id", "item_number",
  ]);
  assert.deepEqual(event.match_keys.email, row.user_data.em);
  assert.deepEqual(event.match_keys.zip, row.user_data.zp);
  assert.equal(event.user_data, undefined);
  assert.equal(event.value, row.custom_data.value);
  assert.ok(result.batches.every((b) => b.data.length <= 2000));
});

test("a mapping passed in is used as given, and the detected one passed back changes nothing", () => {
  const { input, settings } = loadCase("store-sales");
  const detected = prepareUpload(input, settings);
  const again = prepareUpload(input, { ...settings, mapping: detected.mapping });
  // Only how the mapping was found differs: detected then, given now.
  assert.ok(Array.isArray(detected.detection));
  assert.equal(again.detection, null);
  assert.equal(JSON.stringify({ ...again, detection: 0 }), JSON.stringify({ ...detected, detection: 0 }));

  const onlyEmail = prepareUpload(input, {
    ...settings,
    mapping: { Email: "email", "Purchase Date": "event_time", Amount: "value", Currency: "currency" },
  });
  const keys = new Set(onlyEmail.batches.flatMap((b) => b.data.flatMap((e) => Object.keys(e.user_data))));
  assert.deepEqual([...keys], ["em"]);
  assert.ok(onlyEmail.rejected.some((r) => r.code === "no_match_key"), "rows without an email are rejected");
});

test("unusable options and files throw coded errors that carry no value from the file", () => {
  const { input, settings } = loadCase("store-sales");
  const coded = (code, field) => (error) =>
    error instanceof Error && error.code === code && error.field === field;
  assert.throws(() => prepareUpload(input, { ...settings, dateOrder: "ymd" }), (e) => e.field === "options" && typeof e.code === "string");
  assert.throws(() => prepareUpload(input, { ...settings, mapping: { Email: "e-mail" } }), (e) => e.field === "options");
  assert.throws(() => prepareUpload(42, settings), coded("bad_input", "csv"));
  const latin1 = loadCase("latin1-refused");
  assert.throws(
    () => prepareUpload(latin1.input, latin1.settings),
    (error) =>
      coded(latin1.expected.error, "csv")(error) &&
      !latin1.input.toString("latin1").split(/[\n,]/).some((cell) => cell.length > 3 && error.message.includes(cell)),
  );
});

test("previews hold normalized values only when asked for", () => {
  const { input, settings } = loadCase("store-sales");
  const { previewRows, ...rest } = settings;
  assert.ok(previewRows > 0);
  assert.equal(prepareUpload(input, rest).previews, undefined);
  const previews = prepareUpload(input, { ...rest, previewRows: 2 }).previews;
  assert.equal(previews.length, 2);
  const email = previews[0].identifiers.find((id) => id.key === "em");
  assert.equal(email.column, "Email");
  assert.match(email.sent, /^[0-9a-f]{64}$/);
});

test("by default each batch is the request body's JSON text, the same body as the objects", () => {
  const { input, settings } = loadCase("store-sales");
  const rest = { ...settings, maxBatchEvents: 100 };
  const asText = upload.prepareUpload(input, rest);
  const asObjects = upload.prepareUpload(input, { ...rest, bodies: "objects" });
  assert.equal(asText.batches.length, 3);
  for (const [i, body] of asText.batches.entries()) {
    assert.equal(typeof body, "string");
    assert.equal(body, JSON.stringify(asObjects.batches[i]));
  }
  assert.deepEqual(asText.summary, asObjects.summary);
  assert.throws(() => upload.prepareUpload(input, { ...rest, bodies: "xml" }), { field: "bodies" });
});

test("detection comes back column by column, exactly as the events crate's cases expect", () => {
  const cases = readdirSync(casesDir).filter((name) =>
    existsSync(path.join(casesDir, name, "expected.json")),
  );
  let checked = 0;
  for (const name of cases) {
    const { input, settings, expected } = loadCase(name);
    if (!expected.detection) continue;
    for (const bodies of ["objects", "json"]) {
      const result = upload.prepareUpload(input, { ...settings, bodies });
      assert.deepEqual(result.detection, expected.detection, `${name} (${bodies})`);
      assertPlainJson(result.detection, `${name}.detection`);
      for (const column of result.detection) {
        assert.deepEqual(Object.keys(column), ["column", "target", "confidence", "reason", "sampled", "matching"]);
        assert.equal(result.mapping[column.column], column.target, `${name}: ${column.column}`);
      }
    }
    checked += 1;
  }
  assert.ok(checked >= 3, `cases with a detection: ${checked}`);
  // A mapping given: nothing was detected.
  const given = upload.prepareUpload("email\na@b.co\n", { now: 1795132800, eventName: "Purchase", mapping: { email: "em" } });
  assert.equal(given.detection, null);
});
