import { protocol } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../contract/security';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * app://neo/ serves the built renderer (out/renderer) and nothing else. A
 * standard, secure scheme gives the pages a real origin (so 'self' in the CSP
 * means the app) without the extra powers Chromium grants file://.
 */

/** Must run before the app is ready. No corsEnabled or bypassCSP: other origins cannot read app://, and the CSP applies. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

function reply(status: number, body: Buffer | string, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/** The file under rendererDir that a request names, or null when it would leave that folder. */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname}`);
  const relative = path.relative(root, file);
  // Encoded separators (%2f, %5c) decode to real ones, so check the result, not the URL.
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'Method not allowed');
    const file = resolveAppFile(rendererDir, request.url);
    if (file === null) return reply(403, 'Forbidden');
    const body = await readFileOrNull(file);
    if (body !== null) return reply(200, body, MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    // A path without an extension is an in-app route: give it the app shell, as the browser harness does.
    if (path.extname(file) === '') {
      const shell = await readFileOrNull(path.join(rendererDir, 'index.html'));
      if (shell !== null) return reply(200, shell, MIME['.html']);
    }
    return reply(404, 'Not found');
  };
}

/** Call once the app is ready. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
