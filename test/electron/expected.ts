/**
 * The secure web preferences, written out here as the specification the wiring must match exactly.
 * DevTools exist only when the app is not packaged.
 */
export function expectedWebPreferences(preload: string, options: { packaged: boolean }): Record<string, unknown> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
    devTools: !options.packaged,
  };
}
