// A static server for the built app (dist/), for running the end-to-end tests by hand:
//   node tests/e2e/serve.mjs [PORT] [DIR]   -> prints http://127.0.0.1:PORT
// Like xtask's server: GET/HEAD only, paths without an extension fall back to index.html (every
// screen has its own URL), and the headers of dist/_headers (the CSP with frame-ancestors) apply.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const port = Number(process.argv[2] ?? 0);
const root = resolve(process.argv[3] ?? new URL('../../dist', import.meta.url).pathname);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The `Name: value` lines under `/*` in a Netlify-style _headers file. */
async function staticHeaders() {
  const text = await readFile(join(root, '_headers'), 'utf8').catch(() => '');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^\s+\S+:/.test(line))
      .map((line) => {
        const at = line.indexOf(':');
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      }),
  );
}

const headers = await staticHeaders();
const server = createServer(async (request, response) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(403).end();
    return;
  }
  let body = await readFile(file).catch(() => null);
  if (body === null && extname(path) === '') {
    file = join(root, 'index.html');
    body = await readFile(file).catch(() => null);
  }
  if (body === null) {
    response.writeHead(404, headers).end();
    return;
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});
