// The page every browser consumer builds (esbuild, Vite, webpack, and a plain
// <script type="module"> with an import map): the package's entry points imported by name,
// the shared checks on the main thread and in workers, and a form wrapped in
// <hashdrop-user-data>. run.mjs drives it in headless Chromium and Firefox.
import { init, hash, normalize, hashUserData, hashUserDataMany } from "hashdrop";
import { init as initUpload, prepareUpload, prepareUploadParallel } from "hashdrop/upload";
import { createWorker } from "hashdrop/worker";
import "hashdrop/element";
import { runChecks } from "./checks.mjs";

// Before `init()` (which the element below starts when it connects) the functions refuse.
let notReady;
try {
  hash("em", "a@b.co");
} catch (error) {
  notReady = error.code;
}

document.body.insertAdjacentHTML(
  "beforeend",
  `<form id="signup" method="get" action="submitted.html">
     <hashdrop-user-data country="us" name="user_data">
       <label>E-mail <input name="email" type="email"></label>
       <label>Phone <input name="phone" autocomplete="tel"></label>
       <label>First name <input name="first" data-hashdrop="fn"></label>
       <label>Zip <input name="zip" autocomplete="postal-code"></label>
     </hashdrop-user-data>
     <label>Comment <input name="comment"></label>
     <button id="send">Send</button>
   </form>`,
);

async function run(vectors) {
  await Promise.all([init(), initUpload()]);
  const api = { hash, normalize, hashUserData, hashUserDataMany, prepareUpload };
  const main = runChecks(api, vectors);
  if (notReady !== "not_initialized") main.failures.push(`before init: ${notReady}`);

  // The workers answer what the main thread answers.
  const records = vectors.filter((v) => v.sha256).map((v) => ({ [v.field]: v.input }));
  const options = { country: "us", currentYear: 2026 };
  const expected = JSON.stringify(hashUserDataMany(records, options));
  const hashing = createWorker();
  const uploading = createWorker({ upload: true });
  const csv = "email,event_time,value,currency\nmary@example.com,2026-11-30T10:00:00Z,1,USD\n";
  const prepareOptions = { now: 1796083200, eventName: "Purchase" };
  const [fromWorker, fromUploadWorker, prepared, failed] = await Promise.all([
    hashing.hashUserDataMany(records, options),
    uploading.hashUserDataMany(records, options),
    uploading.prepareUpload(csv, prepareOptions),
    hashing.hash("em", "not-an-address").then(
      () => "no error",
      (error) => `${error instanceof Error} ${error.code} ${error.field}`,
    ),
  ]);
  const workerFailures = [];
  if (JSON.stringify(fromWorker) !== expected) workerFailures.push("hashing worker differs");
  if (JSON.stringify(fromUploadWorker) !== expected) workerFailures.push("upload worker differs");
  if (JSON.stringify(prepared) !== JSON.stringify(prepareUpload(csv, prepareOptions))) {
    workerFailures.push("worker prepareUpload differs");
  }
  if (failed !== "true invalid_email em") workerFailures.push(`worker error: ${failed}`);

  // prepareUploadParallel on Web Workers: a file of many slices whose quoted notes span lines
  // (and hold text that reads like rows), from text and from a Blob, with 1 and 3 workers.
  const rows = ["email,event_time,value,currency,note"];
  for (let i = 1; i <= 4000; i += 1) {
    const value = i % 23 === 0 ? "-1" : `${i}.5`;
    const note = i % 2 ? `"a note of ${i}\nx${i}@example.com,2026-11-30T10:00:00Z,1,USD\n""end"""` : "plain";
    rows.push(`user${i}@example.com,2026-11-30T10:00:00Z,${value},USD,${note}`);
  }
  const big = `${rows.join("\n")}\n`;
  const bigOptions = { ...prepareOptions, maxBatchEvents: 250 };
  const whole = JSON.stringify(prepareUpload(big, bigOptions));
  for (const [input, workers] of [[big, 1], [new Blob([big]), 3]]) {
    const parallel = JSON.stringify(await prepareUploadParallel(input, bigOptions, { workers }));
    if (parallel !== whole) workerFailures.push(`prepareUploadParallel with ${workers} workers differs`);
  }
  if (!JSON.parse(whole).rejected.length) workerFailures.push("the parallel file has no rejection");
  if ("prepareUpload" in hashing) workerFailures.push("the hashing worker offers prepareUpload");
  hashing.terminate();
  uploading.terminate();
  await document.querySelector("hashdrop-user-data").ready;
  return {
    checked: main.checked + 8,
    failures: [...main.failures, ...workerFailures],
  };
}

window.hashdropConsumer = { run };
