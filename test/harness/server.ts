import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Core } from '../../main/core/index';
import type { CoreOptions } from '../../main/core/index';
import { CONTENT_SECURITY_POLICY } from '../../main/contract/security';
import type { Envelope } from '../../main/contract/envelope';
import { errorMessages } from '../../main/contract/messages';
import { harnessTypedFolderInput } from '../../main/contract/platform';
import type { ChosenFolder } from '../../main/contract/platform';
import { AppError } from '../../main/core/errors';

/**
 * The browser harness: a second transport for the same contract. It serves the
 * built renderer and answers POST /api/<channel> by calling the real core's
 * dispatcher, exactly as the Electron IPC handlers do. Loopback only, and every
 * call must carry the random token printed at start.
 */

export interface HarnessOptions extends CoreOptions {
  /** Built renderer for the harness (vite build --config .config/vite.harness.config.ts). */
  staticDir: string;
  port?: number;
  /** How often the idle lock is checked, in ms. */
  idleCheckMs?: number;
}

export interface Harness {
  url: string;
  /** URL with the token in its fragment: what a browser opens. */
  appUrl: string;
  token: string;
  core: Core;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

const MAX_BODY = 1024 * 1024;

/** A request the harness answers with a 4xx status of its own, never a 500. */
class BadRequest extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/**
 * Reads the body up to MAX_BODY. A longer one is read to its end but not kept,
 * so the 413 reaches the client instead of a reset connection.
 */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY) throw new BadRequest(413, 'body too large');
  return Buffer.concat(chunks).toString('utf8');
}

/** decodeURIComponent that answers 400 for a malformed %-escape or a NUL byte instead of throwing. */
function decodePath(text: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw new BadRequest(400, 'malformed path');
  }
  if (decoded.includes('\0')) throw new BadRequest(400, 'malformed path');
  return decoded;
}

/** The request's URL, or 400 when it cannot be parsed. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    throw new BadRequest(400, 'malformed URL');
  }
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json') {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** Grants a typed folder path as the Electron wiring grants a picked one, answering with an envelope. */
function grantTypedFolder(core: Core, body: string): Envelope<{ folder: ChosenFolder }> {
  const language = core.language();
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    input = null;
  }
  const parsed = harnessTypedFolderInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: 'VALIDATION', message: errorMessages[language].VALIDATION } };
  try {
    return { ok: true, value: { folder: core.grantFolder(parsed.data.path) } };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'INTERNAL';
    const message = errorMessages[language][code];
    return { ok: false, error: { code, message, ...(code === 'FOLDER_NOT_WRITABLE' ? { fields: { path: message } } : {}) } };
  }
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const core = new Core(options);
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const staticRoot = path.resolve(options.staticDir);

  const authorised = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers['x-neo-token'] ?? ''));
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = requestUrl(req);
      // Refuse other hosts (DNS rebinding) and cross-origin callers.
      const host = req.headers.host ?? '';
      if (!/^(127\.0\.0\.1|localhost):\d+$/.test(host)) return send(res, 421, '{"error":"wrong host"}');

      // What the desktop app's folder picker does, for a typed path: development only, never in the app.
      if (url.pathname === '/harness/typed-folder') {
        if (req.method !== 'POST') return send(res, 405, '{"error":"POST only"}');
        if (!authorised(req)) return send(res, 401, '{"error":"missing or wrong token"}');
        return send(res, 200, JSON.stringify(grantTypedFolder(core, await readBody(req))));
      }

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, '{"error":"POST only"}');
        if (!authorised(req)) return send(res, 401, '{"error":"missing or wrong token"}');
        const channel = decodePath(url.pathname.slice('/api/'.length));
        const body = await readBody(req);
        let input: unknown;
        try {
          input = body === '' ? {} : JSON.parse(body);
        } catch {
          input = Symbol('unreadable'); // not JSON: the dispatcher refuses it with a field error
        }
        const envelope = await core.dispatch(channel, input);
        return send(res, 200, JSON.stringify(envelope));
      }

      if (req.method !== 'GET') return send(res, 405, '');
      const requested = path.resolve(staticRoot, `.${decodePath(url.pathname)}`);
      const file = requested.startsWith(staticRoot + path.sep) ? requested : path.join(staticRoot, 'index.html');
      try {
        const stat = await fs.stat(file);
        const target = stat.isFile() ? file : path.join(staticRoot, 'index.html');
        return send(res, 200, await fs.readFile(target), MIME[path.extname(target)] ?? 'application/octet-stream');
      } catch {
        return send(res, 200, await fs.readFile(path.join(staticRoot, 'index.html')), MIME['.html']);
      }
    })().catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BadRequest) return send(res, error.status, JSON.stringify({ error: error.message }));
      send(res, 500, '{"error":"internal"}');
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const idleTimer = setInterval(() => core.lockIfIdle(), options.idleCheckMs ?? 15_000);
  idleTimer.unref();
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    appUrl: `${url}#token=${token}`,
    token,
    core,
    async close() {
      clearInterval(idleTimer);
      core.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
