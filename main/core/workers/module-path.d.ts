// electron-vite's `?modulePath` import (see electron-vite/node.d.ts), declared here alone: that file
// also declares globals (a read-only ELECTRON_RENDERER_URL) the rest of the code does not want.
declare module '*?modulePath' {
  const src: string;
  export default src;
}
