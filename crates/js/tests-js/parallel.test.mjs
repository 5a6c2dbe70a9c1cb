// `prepareUploadParallel` the way a partner calls it, on the packed package in Node
// (`worker_threads`): with 1, 2 and 4 workers it returns exactly what `prepareUpload` returns,
// byte for byte, on the events crate's case folders and on files whose quoted fields span lines
// (slices would begin inside a quote if the file were cut at line ends), with rejections and
// warnings; errors are `prepareUpload`'s.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const consumers =
  process.env.HASHDROP_CONSUMERS ?? path.resolve(here, "../../../tests/npm-consumers");
const require = createRequire(path.join(consumers, "package.json"));
const { prepareUpload, prepareUploadParallel } = require("hashdrop/upload");
// The wasm's own slicer, to check that a file is really cut (not an entry point: a file of the
// package, reached by its path).
const packageDir = path.dirname(require.resolve("hashdrop/package.json"));
const glue = require(path.join(packageDir, "dist/wasm/full.node.cjs"));

const WORKERS = [1, 2, 4];
const OPTIONS = { now: 1795132800, eventName: "Purchase", country: "us", maxBatchEvents: 97 };

/** Every third row's note is quoted, spans lines and holds text that reads like rows; some
 * rows are rejected (a negative value) and some identifiers dropped (a bad email or phone). */
function quotedFile(rows) {
  const lines = ["email,phone,value,currency,purchase time,note"];
  for (let i = 1; i <= rows; i += 1) {
    const email = i % 17 === 0 ? "not-an-email" : ` User${i}@Example.COM `;
    const phone = i % 13 === 0 ? "12" : `+1 650 555 ${String(i % 10000).padStart(4, "0")}`;
    const value = i % 23 === 0 ? "-5" : `${i % 500}.99`;
    const note =
      i % 3 === 0
        ? `"line one of ${i}\nfake${i}@example.com,1,USD,2026-11-01 10:00\n""q"", end"`
        : `plain ${i}`;
    lines.push(
      `${email},${phone},${value},USD,2026-11-0${1 + (i % 9)} 10:${String(i % 60).padStart(2, "0")},${note}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** How many slices the wasm's slicer cuts `bytes` into for `workers` workers. */
function sliceCount(bytes, options, workers) {
  const slicer = new glue.UploadSlices(options, bytes.length, workers);
  try {
    return slicer.feed(bytes).length + slicer.finish().length;
  } finally {
    slicer.free();
  }
}

async function assertSame(csv, options, what) {
  const whole = JSON.stringify(prepareUpload(csv, options));
  for (const workers of WORKERS) {
    const parallel = JSON.stringify(await prepareUploadParallel(csv, options, { workers }));
    assert.ok(parallel === whole, `${what}, ${workers} workers: not prepareUpload's result`);
  }
  return JSON.parse(whole);
}

test("a file with quoted fields spanning lines, in slices, is prepareUpload's result", async () => {
  const csv = quotedFile(12_000);
  const bytes = new TextEncoder().encode(csv);
  assert.ok(sliceCount(bytes, OPTIONS, 4) >= 8, "the file is cut into slices");
  const result = await assertSame(csv, OPTIONS, "quoted");
  assert.equal(result.summary.rows, 12_000);
  assert.ok(result.rejected.length > 400, "rows rejected");
  assert.ok(result.warnings.length > 1_000, "identifiers dropped");
  assert.ok(result.batches.length > 100, "batches cross the slices' boundaries");
  // Bytes, an ArrayBuffer and a Blob are read alike.
  const text = JSON.stringify(result);
  for (const input of [bytes, bytes.buffer, new Blob([bytes])]) {
    assert.ok(JSON.stringify(await prepareUploadParallel(input, OPTIONS, { workers: 3 })) === text);
  }
});

test("bodies as objects, previews and the default number of workers", async () => {
  const csv = quotedFile(4_000);
  const options = { ...OPTIONS, bodies: "objects", previewRows: 5, uploadTag: "t" };
  const whole = JSON.stringify(prepareUpload(csv, options));
  assert.ok(JSON.stringify(await prepareUploadParallel(csv, options)) === whole);
  await assertSame(csv, { ...options, api: "ocapi", eventName: "Purchase" }, "ocapi");
});

test("every case folder of the events crate, with 1, 2 and 4 workers", async () => {
  const casesDir = path.resolve(here, "../../events/tests/cases");
  for (const name of readdirSync(casesDir)) {
    const input = readFileSync(path.join(casesDir, name, "input.csv"));
    const settings = JSON.parse(readFileSync(path.join(casesDir, name, "settings.json"), "utf8"));
    let whole;
    try {
      whole = JSON.stringify(prepareUpload(input, settings));
    } catch (error) {
      for (const workers of WORKERS) {
        await assert.rejects(prepareUploadParallel(input, settings, { workers }), (e) => {
          assert.equal(e.code, error.code, name);
          assert.equal(e.message, error.message, name);
          return true;
        });
      }
      continue;
    }
    for (const workers of WORKERS) {
      const parallel = JSON.stringify(await prepareUploadParallel(input, settings, { workers }));
      assert.ok(parallel === whole, `${name}, ${workers} workers`);
    }
  }
});

test("empty and header-only files, and a file without a final line end", async () => {
  await assertSame("", OPTIONS, "empty");
  await assertSame("email,value,currency,time\n", OPTIONS, "header only");
  await assertSame(quotedFile(3_000).trimEnd(), OPTIONS, "no final line end");
});

test("a file that cannot be read rejects with prepareUpload's error, the first in the file", async () => {
  const csv = new TextEncoder().encode(quotedFile(8_000));
  const bad = new Uint8Array(csv);
  bad[Math.floor(bad.length * 0.6)] = 0xff; // not UTF-8, deep in the file
  bad[Math.floor(bad.length * 0.9)] = 0xff;
  let expected;
  try {
    prepareUpload(bad, OPTIONS);
  } catch (error) {
    expected = error;
  }
  assert.ok(expected, "prepareUpload throws");
  for (const workers of WORKERS) {
    await assert.rejects(prepareUploadParallel(bad, OPTIONS, { workers }), (e) => {
      assert.equal(e.code, expected.code);
      assert.equal(e.field, expected.field);
      assert.equal(e.message, expected.message);
      return true;
    });
  }
});

test("bad options and a bad number of workers are coded errors", async () => {
  await assert.rejects(prepareUploadParallel("a,b\n", { api: "nope" }), (e) => {
    assert.throws(() => prepareUpload("a,b\n", { api: "nope" }), { code: e.code });
    return true;
  });
  for (const workers of [0, 1.5, "2"]) {
    await assert.rejects(prepareUploadParallel("a\n", OPTIONS, { workers }), {
      code: "invalid_option",
      field: "workers",
    });
  }
  await assert.rejects(prepareUploadParallel(42, OPTIONS), { code: "bad_input", field: "csv" });
});

test("at most two slices a worker are read and not yet put back, whatever the workers' speed", async () => {
  // The pool itself (dist/parallel.js) with the package's own wasm, and workers of this thread
  // that answer after random delays, but the first slice's answer is held back: the slices after
  // it cannot be put back before it, so the pool must stop handing out slices at two a worker
  // (the bound that keeps memory bounded whatever the file's size), then finish once it comes.
  const { prepareInSlices } = await import(pathToFileURL(path.join(packageDir, "dist/parallel.js")));
  const csv = new TextEncoder().encode(quotedFile(12_000));
  const WORKERS_HERE = 3;
  let posted = 0;
  let postedWhenStalled;
  let heldBack;
  let quiet;
  const platform = {
    cores: () => WORKERS_HERE,
    async start(count) {
      return Array.from({ length: count }, () => {
        let preparer;
        let answer;
        return {
          post(message) {
            if (message.type === "layout") {
              preparer = new glue.UploadSlicePreparer(message.layout);
              return;
            }
            posted += 1;
            const result = preparer.prepare(message.start, message.recordsBefore, message.bytes);
            const reply = () => answer({ index: message.index, result });
            if (message.index === 0) heldBack = reply;
            else setTimeout(reply, Math.random() * 10);
            // Once nothing more is handed out for a while, count and let the first slice through.
            clearTimeout(quiet);
            quiet = setTimeout(() => {
              postedWhenStalled = posted;
              heldBack();
            }, 300);
          },
          listen(onMessage) {
            answer = onMessage;
          },
          terminate() {
            preparer?.free();
          },
        };
      });
    },
  };
  const result = await prepareInSlices(glue, platform, csv, OPTIONS, {});
  clearTimeout(quiet);
  assert.ok(JSON.stringify(result) === JSON.stringify(prepareUpload(csv, OPTIONS)));
  assert.ok(posted >= 12, `${posted} slices`);
  assert.equal(postedWhenStalled, 2 * WORKERS_HERE, "slices handed out while the first was held");
});
