import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startHarness } from '../../harness/server';
import type { Harness } from '../../harness/server';
import { isEnvelope } from '../../../main/contract/envelope';
import { CONTENT_SECURITY_POLICY } from '../../../main/contract/security';

/** The browser harness must be as strict as the IPC path: loopback, token, contract. */

let dir: string;
let harness: Harness;

function call(pathname: string, options: { method?: string; token?: string; host?: string; body?: string | Buffer[] } = {}) {
  const url = new URL(pathname, harness.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        // As given, not normalised by URL, so tests can send malformed paths.
        path: pathname,
        method: options.method ?? 'POST',
        headers: {
          ...(options.token !== undefined ? { 'X-Neo-Token': options.token } : {}),
          ...(options.host ? { Host: options.host } : {}),
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    // An array is sent chunk by chunk (chunked transfer encoding, no Content-Length).
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    req.end(Array.isArray(options.body) ? undefined : (options.body ?? ''));
  });
}

/** Sends `head` as the request line and headers over a plain socket (what an HTTP client would refuse to send); resolves with the status. */
function rawRequest(requestLine: string) {
  const url = new URL(harness.url);
  return new Promise<number>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${requestLine}\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'neo-harness-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Neo Kurs</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the static folder');
  harness = await startHarness({ dataDir: path.join(dir, 'data'), staticDir, scrypt: { N: 1024, r: 8, p: 1 } });
});

afterAll(async () => {
  await harness.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser harness server', () => {
  it('binds to loopback and puts a 256-bit token in the app URL fragment', () => {
    expect(new URL(harness.url).hostname).toBe('127.0.0.1');
    expect(harness.appUrl).toBe(`${harness.url}#token=${harness.token}`);
    expect(harness.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a channel call with the core envelope when the token is right', async () => {
    const res = await call('/api/vault:status', { token: harness.token, body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { state: 'uninitialized', language: 'nb', needsName: true, retryAfterSeconds: 0 } });
  });

  it('refuses calls without the token or with a wrong one, without reaching the core', async () => {
    expect((await call('/api/vault:create', { body: '{}' })).status).toBe(401);
    const wrong = await call('/api/vault:create', {
      token: 'f'.repeat(64),
      body: JSON.stringify({ passphrase: 'a long enough passphrase', staffName: 'X', role: 'teacher' }),
    });
    expect(wrong.status).toBe(401);
    const status = await call('/api/vault:status', { token: harness.token });
    expect(JSON.parse(status.body)).toMatchObject({ value: { state: 'uninitialized' } });
  });

  it('refuses other Host headers (DNS rebinding) and non-POST API calls', async () => {
    expect((await call('/api/vault:status', { token: harness.token, host: 'evil.example:80' })).status).toBe(421);
    expect((await call('/api/vault:status', { token: harness.token, method: 'GET' })).status).toBe(405);
  });

  it('turns unreadable bodies and unknown channels into envelopes', async () => {
    const garbage = await call('/api/courses:create', { token: harness.token, body: '{not json' });
    const parsed: unknown = JSON.parse(garbage.body);
    expect(isEnvelope(parsed)).toBe(true);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await call('/api/fs:readFile', { token: harness.token, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('serves the renderer with the CSP and never a file outside its folder', async () => {
    const index = await call('/', { method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const escape = await call('/../secret.txt', { method: 'GET' });
    expect(escape.body).not.toContain('outside the static folder');
    const encoded = await call('/%2e%2e/secret.txt', { method: 'GET' });
    expect(encoded.body).not.toContain('outside the static folder');
  });

  it('answers a malformed path with 400, never 500, and keeps serving', async () => {
    for (const pathname of ['/%E0%A4%A', '/assets/%zz.js', '/%', '/%00']) {
      const res = await call(pathname, { method: 'GET' });
      expect(res.status, pathname).toBe(400);
      expect(JSON.parse(res.body), pathname).toEqual({ error: 'malformed path' });
    }
    const api = await call('/api/vault%3Astatus%E0', { token: harness.token, body: '{}' });
    expect(api.status).toBe(400);
    // An absolute-form request target that is no URL at all.
    expect(await rawRequest('GET http://[::1 HTTP/1.1')).toBe(400);
    expect((await call('/', { method: 'GET' })).status).toBe(200);
  });

  it('answers a body over 1 MiB with 413, whether or not its length was declared, and keeps serving', async () => {
    const limit = 1024 * 1024;
    const atLimit = JSON.stringify({ name: 'x'.repeat(limit - '{"name":""}'.length) });
    expect(Buffer.byteLength(atLimit)).toBe(limit);
    const fits = await call('/api/courses:create', { token: harness.token, body: atLimit });
    expect(fits.status).toBe(200);
    expect(JSON.parse(fits.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const declared = await call('/api/courses:create', { token: harness.token, body: `${atLimit} ` });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({ error: 'body too large' });
    const streamed = await call('/api/courses:create', { token: harness.token, body: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 0x20)) });
    expect(streamed.status).toBe(413);

    const status = await call('/api/vault:status', { token: harness.token, body: '{}' });
    expect(JSON.parse(status.body)).toMatchObject({ ok: true });
  });
});
