// A development server for the portal's screens before `make run` serves
// them: it serves dist/ and a local-mode config.json, and passes /v1 and
// /_local to the API (API_URL, default http://127.0.0.1:3000). Sign in by
// opening http://127.0.0.1:PORTAL_PORT/#token=<a token make run printed>.
// `make run` is the real thing; this only shortens the edit-build-look loop.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const api = new URL(process.env.API_URL ?? 'http://127.0.0.1:3000');
const port = Number(process.env.PORTAL_PORT ?? 5173);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const config = {
  auth: { mode: 'local', signin_url: '/signin-help' },
  claims: { groups: 'groups', department: 'department', role_groups: { requester: 'requester', fulfiller: 'fulfiller', finance: 'finance', leadership: 'leadership' } },
  currency: 'USD',
  time_zone: process.env.CHARGEBACK_TIMEZONE ?? 'UTC',
};

createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path.startsWith('/v1/') || path.startsWith('/_local/')) {
    const up = request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
    return;
  }
  if (path === '/config.json') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(config));
  if (path === '/signin-help') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Open /#token=<token printed by make run>');
  const file = path === '/' ? 'index.html' : normalize(path).replace(/^\/+/, '');
  try {
    const body = await readFile(join('dist', file));
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`portal on http://127.0.0.1:${port}/ (API ${api.origin})`));
