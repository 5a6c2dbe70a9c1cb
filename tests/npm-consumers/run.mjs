// The npm package's consumer tests (`cargo xtask test` runs this after installing the packed
// tarball here): Node ESM and CommonJS, a TypeScript type check, and bundles built by esbuild,
// Vite and webpack in their default setups plus a plain <script type="module">, each run in
// headless Chromium and Firefox. Every check asserts real hashes against the shared vectors.
//
//   node tests/npm-consumers/run.mjs crates/matchkeys/tests/data/matchkeys-vectors.jsonl
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { parseVectors } from "./shared/checks.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vectorsFile = path.resolve(process.argv[2] ?? "");
const vectors = parseVectors(readFileSync(vectorsFile, "utf8"));
const bin = (name) => path.join(here, "node_modules", ".bin", name);
const failed = [];

async function step(name, work) {
  const started = performance.now();
  try {
    await work();
    console.log(`  ok     ${((performance.now() - started) / 1000).toFixed(1)}s  ${name}`);
  } catch (error) {
    failed.push(name);
    console.log(`  FAILED ${((performance.now() - started) / 1000).toFixed(1)}s  ${name}: ${error.message}`);
  }
}

function run(program, args, cwd) {
  execFileSync(program, args, { cwd: path.join(here, cwd), stdio: "inherit" });
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

await step("Node ESM: import \"hashdrop\", \"hashdrop/upload\"", () => run("node", ["main.js", vectorsFile], "node-esm"));
await step("Node CommonJS: require(\"hashdrop\"), require(\"hashdrop/upload\")", () =>
  run("node", ["main.js", vectorsFile], "node-cjs"));
await step("TypeScript consumer (tsc, nodenext, ESM and CJS)", () => run(bin("tsc"), ["-p", "ts"], "."));
await step("esbuild bundle (defaults)", () =>
  run(bin("esbuild"), ["main.js", "--bundle", "--outfile=dist/main.js", "--log-level=warning"], "esbuild"));
await step("Vite build (defaults)", () => run(bin("vite"), ["build", "--logLevel", "warn"], "vite"));
await step("webpack build (defaults)", () => run(bin("webpack"), ["--no-stats"], "webpack"));

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json" };

/** A static file server on 127.0.0.1 for `root`; resolves to its base URL. */
function serve(root) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    const file = path.join(root, decodeURIComponent(url.pathname));
    try {
      const body = readFileSync(file.endsWith(path.sep) ? path.join(file, "index.html") : file);
      response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

const setups = [
  { name: "plain <script type=module>", root: ".", page: "/plain/index.html" },
  { name: "esbuild", root: "esbuild", page: "/index.html" },
  { name: "Vite", root: "vite/dist", page: "/index.html" },
  { name: "webpack", root: "webpack", page: "/index.html" },
];
const servers = await Promise.all(setups.map((setup) => serve(path.join(here, setup.root))));

const typed = {
  email: ["input[type=email]", " Mary.Smith@Example.com ", "mary.smith@example.com"],
  phone: ["input[autocomplete=tel]", "(650) 555-1212", "16505551212"],
  first: ["input[data-hashdrop=fn]", "Mary", "mary"],
  zip: ["input[autocomplete=postal-code]", "94105-1234", "94105"],
};

/** Load the page, run the checks in it, then fill the form and check what it submitted. */
async function checkPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.hashdropConsumer !== undefined, { timeout: 30_000 });
    const result = await page.evaluate((lines) => window.hashdropConsumer.run(lines), vectors);
    if (result.failures.length > 0 || result.checked <= vectors.length) {
      throw new Error(`${result.checked} checks, failed: ${result.failures.join("; ")}`);
    }
    // A value that cannot be normalized marks its field invalid: the form is not submitted.
    await page.type(typed.email[0], "not-an-address");
    await page.click("#send");
    const refused = await page.waitForFunction(
      (selector) => document.querySelector(selector).getAttribute("data-hashdrop-error"),
      {},
      typed.email[0],
    );
    if ((await refused.jsonValue()) !== "invalid_email" || new URL(page.url()).pathname.endsWith("submitted.html")) {
      throw new Error("an invalid e-mail did not stop the submission");
    }
    await page.$eval(typed.email[0], (input) => {
      input.value = "";
    });
    for (const [selector, raw] of Object.values(typed)) await page.type(selector, raw);
    await page.type("input[name=comment]", "call after 5");
    await Promise.all([page.waitForNavigation(), page.click("#send")]);
    const submitted = new URL(page.url());
    const names = [...submitted.searchParams.keys()].sort();
    const expectedNames = ["comment", "email", "first", "phone", "user_data", "zip"];
    if (names.join() !== expectedNames.join()) throw new Error(`submitted fields ${names}`);
    for (const [name, [, , normalized]] of Object.entries(typed)) {
      if (submitted.searchParams.get(name) !== sha256(normalized)) throw new Error(`${name} is not its hash`);
    }
    // Every identifier went out as 64-hex only; words of the raw values (letters hex never has)
    // appear nowhere in what was submitted.
    const query = decodeURIComponent(submitted.search).toLowerCase();
    for (const word of ["mary", "smith", "example"]) {
      if (query.includes(word)) throw new Error(`raw "${word}" submitted`);
    }
    const userData = JSON.parse(submitted.searchParams.get("user_data"));
    const expectedUserData = {
      em: [sha256(typed.email[2])], ph: [sha256(typed.phone[2])], fn: [sha256("mary")], zp: [sha256("94105")],
    };
    if (JSON.stringify(userData) !== JSON.stringify(expectedUserData)) throw new Error("user_data field");
    if (submitted.searchParams.get("comment") !== "call after 5") throw new Error("the other field");
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    return `${result.checked} checks, form submitted only hashes`;
  } finally {
    await page.close();
  }
}

const browsers = [
  ["Chromium", () => puppeteer.launch({ browser: "chrome", executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] })],
  ["Firefox", () => puppeteer.launch({ browser: "firefox", executablePath: "/usr/bin/firefox-esr", headless: true })],
];
for (const [browserName, launch] of browsers) {
  let browser;
  await step(`launch ${browserName}`, async () => {
    browser = await launch();
  });
  if (!browser) continue;
  for (const [i, setup] of setups.entries()) {
    await step(`${setup.name} in ${browserName}`, async () => {
      const said = await checkPage(browser, servers[i].url + setup.page);
      process.stdout.write(`         ${said}\n`);
    });
  }
  await browser.close();
}
for (const { server } of servers) server.close();

console.log(failed.length === 0 ? "npm consumers: all passed" : `npm consumers: ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
