// Reads an Iceberg table with icebird (an independent JavaScript implementation) and prints its rows as one line of
// JSON. Usage: node icebird-read.js <table-url> [metadata-file-name]
// icebird fetches everything with `fetch`: this shim serves file:// URLs from disk (whole-file responses, and HEAD
// with the length). icebird is an ES module, so it is imported from NODE_PATH by file URL.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const href = typeof url === 'string' ? url : url.url ?? String(url);
  if (!href.startsWith('file://')) return realFetch(url, init);
  const file = fileURLToPath(href);
  if (!fs.existsSync(file)) return new Response('not found', { status: 404, statusText: 'Not Found' });
  const bytes = fs.readFileSync(file);
  if (init?.method === 'HEAD') return new Response(null, { status: 200, headers: { 'content-length': String(bytes.length) } });
  return new Response(bytes, { status: 200 });
};

function plain(value) {
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (value instanceof Date) return { date: value.toISOString() };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value === undefined ? null : value;
}

(async () => {
  const icebird = await import(pathToFileURL(path.join(process.env.NODE_PATH, 'icebird', 'src', 'index.js')).href);
  const [tableUrl, metadataFileName] = process.argv.slice(2);
  const rows = await icebird.icebergRead({ tableUrl, metadataFileName });
  console.log(JSON.stringify({ rows: plain(rows) }));
})().catch(err => { console.error(err); process.exit(1); });
