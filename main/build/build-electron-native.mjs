#!/usr/bin/env node
// Builds better_sqlite3.node for Electron's ABI into .cache/electron-native/,
// for `npm start`, `npm run dev` and `npm run dist` (electron-builder copies it
// to resources/native/). It works on a COPY of the package, so the Node build in
// node_modules that the tests use is never clobbered (DESIGN.md pitfall), and it
// checks the result really is not a Node build. `npm test` never runs this.
//
// Needs the network once: a prebuilt binary from the package's GitHub releases,
// or else Electron's headers from https://electronjs.org/headers to compile.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(path.join(root, 'package.json'));

const MODULE = 'better-sqlite3-multiple-ciphers';
const outDir = path.join(root, '.cache', 'electron-native');
const outFile = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'stamp.json');
const workDir = path.join(root, '.cache', 'electron-native-build', MODULE);

function fail(message) {
  console.error(`\nnative:electron: ${message}\n`);
  console.error('This step is only for running or packaging the Electron app (npm start, npm run dev, npm run dist).');
  console.error('npm test does not need it: tests use the Node build in node_modules.\n');
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const electronVersion = readJson(require.resolve('electron/package.json')).version;
const moduleDir = path.dirname(require.resolve(`${MODULE}/package.json`));
const moduleVersion = readJson(path.join(moduleDir, 'package.json')).version;
const wanted = { electron: electronVersion, module: moduleVersion, platform: process.platform, arch: process.arch };

if (existsSync(outFile) && existsSync(stampFile)) {
  const stamp = readJson(stampFile);
  if (Object.entries(wanted).every(([key, value]) => stamp[key] === value)) {
    console.log(`native:electron: ${path.relative(root, outFile)} is already built for Electron ${electronVersion} (${process.platform}-${process.arch}).`);
    process.exit(0);
  }
}

/** Electron's NODE_MODULE_VERSION, when node-abi (a prebuild-install dependency) can tell. */
function expectedElectronAbi() {
  try {
    const nodeAbi = createRequire(require.resolve('prebuild-install/package.json'))('node-abi');
    return String(nodeAbi.getAbi(electronVersion, 'electron'));
  } catch {
    return null;
  }
}

function run(label, command, args, timeoutMs) {
  console.log(`native:electron: ${label}`);
  const result = spawnSync(command, args, { cwd: workDir, stdio: 'inherit', timeout: timeoutMs, env: { ...process.env } });
  return result.status === 0;
}

console.log(`native:electron: building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})`);

// A clean copy without the Node build, so nothing stale can be mistaken for the Electron one.
rmSync(workDir, { recursive: true, force: true });
mkdirSync(path.dirname(workDir), { recursive: true });
cpSync(moduleDir, workDir, {
  recursive: true,
  filter: (source) => {
    const relative = path.relative(moduleDir, source);
    return relative !== 'build' && !relative.startsWith(`build${path.sep}`) && relative !== 'node_modules' && !relative.startsWith(`node_modules${path.sep}`);
  },
});

const target = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${process.arch}`];
const prebuildInstall = require.resolve('prebuild-install/bin.js');
const nodeGyp = path.join(path.dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');

const built =
  run('trying a prebuilt binary (prebuild-install)', process.execPath, [prebuildInstall, ...target, `--platform=${process.platform}`, '--verbose'], 120_000) ||
  run('no prebuilt binary; compiling from source (node-gyp, about 2 minutes)', process.execPath, [nodeGyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], 20 * 60_000);

const builtFile = path.join(workDir, 'build', 'Release', 'better_sqlite3.node');
if (!built || !existsSync(builtFile)) {
  fail(
    `could not build better_sqlite3.node for Electron ${electronVersion}.\n` +
      'Both the prebuilt download (GitHub releases) and the source build (Electron headers from https://electronjs.org/headers)\n' +
      'need network access, and a source build needs Python and a C++ compiler. See the output above.',
  );
}

// The pitfall this guards against: a build that says "rebuilt" but is still for Node's ABI.
try {
  process.dlopen({ exports: {} }, builtFile);
  fail(`${builtFile} loads in Node ${process.version}: it was built for Node's ABI, not Electron's.`);
} catch (error) {
  const found = /NODE_MODULE_VERSION (\d+)/.exec(String(error?.message ?? ''));
  const expected = expectedElectronAbi();
  if (expected && found && found[1] !== expected) {
    fail(`${builtFile} is built for NODE_MODULE_VERSION ${found[1]}, but Electron ${electronVersion} needs ${expected}.`);
  }
}

mkdirSync(outDir, { recursive: true });
copyFileSync(builtFile, outFile);
writeFileSync(stampFile, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
console.log(`native:electron: wrote ${path.relative(root, outFile)}`);
