import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startHarness } from './server';

/**
 * `npm run web`: the browser harness for a person to click through the app.
 * For development only: it binds to 127.0.0.1 and needs the printed token.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.NEO_KURS_DATA ?? path.join(os.homedir(), '.neo-kurs-web-dev');
const harness = await startHarness({
  dataDir,
  staticDir: path.join(here, '../../out/harness'),
  port: Number(process.env.PORT ?? 0),
});

console.log('Neo Kurs browser harness, FOR DEVELOPMENT ONLY (not the desktop app).');
console.log(`Data folder (encrypted): ${dataDir}`);
console.log(`Open: ${harness.appUrl}`);
console.log('Stop with Ctrl+C.');

const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
