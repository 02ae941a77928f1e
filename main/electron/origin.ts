/**
 * Where the renderer comes from, and which URLs count as the app's own pages.
 * The navigation guards, the request filter and the IPC sender check all ask
 * this one place, so they cannot disagree.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'neo';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface RendererSource {
  /** The URL the main window loads. */
  readonly entryUrl: string;
  /** The dev server's origin when the renderer comes from it (development only), else null. */
  readonly devServerOrigin: string | null;
  /** True only for URLs of the app's own pages. */
  readonly isAppUrl: (url: string) => boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** app://neo/... ; compared by scheme and host because Node gives non-special schemes an opaque origin. */
export function isAppSchemeUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** Only a loopback http dev server is ever trusted, and only when the app is not packaged. */
function loopbackDevOrigin(devServerUrl: string | undefined): string | null {
  if (!devServerUrl) return null;
  const parsed = parse(devServerUrl);
  if (!parsed || parsed.protocol !== 'http:') return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) return null;
  return parsed.origin;
}

export function rendererSource(options: { isPackaged: boolean; devServerUrl: string | undefined }): RendererSource {
  const devServerOrigin = options.isPackaged ? null : loopbackDevOrigin(options.devServerUrl);
  if (devServerOrigin === null) {
    return { entryUrl: APP_ENTRY_URL, devServerOrigin, isAppUrl: isAppSchemeUrl };
  }
  return {
    entryUrl: `${devServerOrigin}/`,
    devServerOrigin,
    isAppUrl: (url) => parse(url)?.origin === devServerOrigin,
  };
}
