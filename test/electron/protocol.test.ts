import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/contract/security';
import { createAppProtocolHandler, registerAppScheme, resolveAppFile, serveAppProtocol } from '../../main/electron/protocol';
import { fake, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const SECRET = 'SECRET-OUTSIDE-RENDERER';
let base: string;
let rendererDir: string;

beforeAll(() => {
  // <base>/secret.txt sits next to <base>/renderer/, where traversal would find it.
  base = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-protocol-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Neo Kurs</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index.js'), 'console.log("app")');
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

beforeEach(() => resetFakeElectron());

const get = (url: string, method = 'GET') => createAppProtocolHandler(rendererDir)(new Request(url, { method }));

describe('app:// scheme', () => {
  it('is registered as standard and secure before ready, without bypassing the CSP', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toStrictEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });

  it('is handled by the file server once ready', async () => {
    serveAppProtocol(rendererDir);
    const handler = fake.protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler!(new Request('app://neo/index.html'));
    expect(response.status).toBe(200);
  });
});

describe('protocol handler', () => {
  it('serves index.html with the CSP header', async () => {
    for (const url of ['app://neo/', 'app://neo/index.html']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>Neo Kurs</title>');
    }
  });

  it('serves assets with their type and the CSP header', async () => {
    const response = await get('app://neo/assets/index.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses path traversal, encoded or not', async () => {
    const attempts = [
      'app://neo/..%2fsecret.txt',
      'app://neo/..%2Fsecret.txt',
      'app://neo/assets/..%2f..%2fsecret.txt',
      'app://neo/%2e%2e%2fsecret.txt',
      'app://neo/..%5csecret.txt',
      'app://neo/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://neo/index.html%00.js',
      'app://neo/%E0%A4%A',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect([403, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain(SECRET);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    // Dot segments the URL parser already removed stay inside the folder.
    const normalised = await get('app://neo/../../secret.txt');
    expect(await normalised.text()).not.toContain(SECRET);
  });

  it('resolves only files inside the renderer folder', () => {
    expect(resolveAppFile(rendererDir, 'app://neo/assets/index.js')).toBe(path.join(rendererDir, 'assets', 'index.js'));
    expect(resolveAppFile(rendererDir, 'app://neo/..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(rendererDir, 'app://neo/%2e%2e%5csecret.txt')).toBeNull();
    expect(resolveAppFile(rendererDir, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(rendererDir, 'https://neo/index.html')).toBeNull();
  });

  it('refuses other hosts and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://neo/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for missing files, and the app shell for in-app routes', async () => {
    expect((await get('app://neo/assets/missing.js')).status).toBe(404);
    const route = await get('app://neo/courses/123');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Neo Kurs</title>');
  });
});
