/**
 * The Content-Security-Policy for every page the app shows: only its own
 * scripts and styles, no inline or eval script, no remote content.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: for pages drawn for printing (object URLs made by the page itself, never fetched).
  "img-src 'self' data: blob:",
  // PDF.js's worker is one of the app's own scripts.
  "worker-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
