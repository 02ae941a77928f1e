import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_NATIVE_FILE } from '../../../main/build/before-pack.mjs';
import { nativeBindingPath } from '../../../main/electron/paths';
import { makeTempDir } from '../../support/temp';

/**
 * What electron-builder.yml puts in the package, found by electron-builder's
 * own file matching (app-builder-lib, the code `npm run dist` runs): the app's
 * files over a made-up project tree, and the production dependencies over the
 * real node_modules. Packaging itself needs the Electron binary, which cannot
 * be downloaded here. These are app-builder-lib internals: if an update moves
 * them, this test fails loudly rather than passing without checking.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(`${root}package.json`);

interface FileMatcher {
  toString(): string;
}
interface FileSet {
  src: string;
  destination: string;
  files: string[];
  metadata: Map<string, { isDirectory(): boolean }>;
}
const yaml = require('js-yaml') as { load(text: string): unknown };
const matching = require('app-builder-lib/out/fileMatcher.js') as {
  getMainFileMatchers(appDir: string, destination: string, expand: (s: string) => string, platformOptions: object, packager: object, outDir: string, electronCompile: boolean): FileMatcher[];
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (s: string) => string, platformOptions: object, info: object): FileMatcher;
};
const copier = require('app-builder-lib/out/util/appFileCopier.js') as {
  computeFileSets(matchers: FileMatcher[], transformer: null, packager: object, electronCompile: boolean): Promise<FileSet[]>;
  computeNodeModuleFileSets(packager: object, matcher: FileMatcher): Promise<FileSet[]>;
};
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (config: unknown, debugLogger: object) => Promise<void>;
};
const { PM } = require('app-builder-lib/out/node-module-collector/packageManager.js') as { PM: { TRAVERSAL: string } };
const { Platform } = require('app-builder-lib/out/core.js') as { Platform: { LINUX: object } };
const { TmpDir } = require('builder-util') as { TmpDir: new (label: string) => { cleanup(): Promise<void> } };

interface BuilderConfig {
  files: string[];
  beforePack: string;
  extraResources: { from: string; to: string }[];
  directories: { output: string };
}
const config = yaml.load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string };

const DESTINATION = '/packaged-app';
const noMacros = (pattern: string) => pattern;

/** The parts of electron-builder's packager that its file matching reads, for a project in `projectDir`. */
function packagerFor(projectDir: string, tempDirManager: object) {
  const info = {
    projectDir,
    appDir: projectDir,
    buildResourcesDir: path.join(projectDir, 'build'),
    isPrepackedAppAsar: false,
    areNodeModulesHandledExternally: false,
    config,
    debugLogger: { isEnabled: false },
    tempDirManager,
    getWorkspaceRoot: () => Promise.resolve(projectDir),
    // Walk node_modules as installed, without starting npm.
    getPackageManager: () => Promise.resolve(PM.TRAVERSAL),
    metadata: packageJson,
    originalMetadata: packageJson,
    nodePackageName: packageJson.name,
    appInfo: { type: undefined },
  };
  return { info, config, platform: Platform.LINUX };
}

/** Paths inside the package, from electron-builder's file sets. */
function packagedPaths(fileSets: FileSet[]): string[] {
  return fileSets
    .flatMap((set) =>
      set.files
        .filter((file) => set.metadata.get(file)?.isDirectory() === false)
        .map((file) => path.relative(DESTINATION, path.join(set.destination, path.relative(set.src, file)))),
    )
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** Writes empty files (and their folders) below `dir`. */
function touch(dir: string, files: string[]): void {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), file === 'package.json' ? JSON.stringify(packageJson) : '');
  }
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
  });

  it('packages only out/main, out/preload, out/renderer and package.json of the app’s own files', async () => {
    const project = makeTempDir('neo-kurs-builder-project-');
    const shipped = ['package.json', 'out/main/index.js', 'out/main/chunks/certificate-worker-1a2b.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-3c4d.js'];
    const notShipped = [
      'out/harness/index.html',
      'out/harness/assets/index-5e6f.js',
      'out/other/stray.js',
      'main/index.ts',
      'renderer/index.html',
      'test/unit/x.test.ts',
      'test/artifacts/e2e/screen.png',
      'README.md',
      'tsconfig.json',
      'electron-builder.yml',
      '.cache/electron-native/better_sqlite3.node',
      'dist/linux-unpacked/neo-kurs',
      '.dev-data/neo-kurs.db',
    ];
    touch(project, [...shipped, ...notShipped]);
    const packager = packagerFor(project, {});
    const matchers = matching.getMainFileMatchers(project, DESTINATION, noMacros, {}, packager, path.join(project, config.directories.output), false);
    expect(packagedPaths(await copier.computeFileSets(matchers, null, packager, false))).toEqual([...shipped].sort());
  });

  describe('production dependencies, as installed', () => {
    let packaged: string[];

    beforeAll(async () => {
      const tempDirManager = new TmpDir('neo-kurs-builder-config-test');
      try {
        const packager = packagerFor(root, tempDirManager);
        const matcher = matching.getNodeModuleFileMatcher(root, DESTINATION, noMacros, {}, packager.info);
        packaged = packagedPaths(await copier.computeNodeModuleFileSets(packager, matcher));
      } finally {
        await tempDirManager.cleanup();
      }
    }, 60_000);

    it('ship what the main process loads', () => {
      for (const file of [
        'node_modules/better-sqlite3-multiple-ciphers/lib/index.js',
        'node_modules/zod/package.json',
        'node_modules/zod/index.js',
        'node_modules/@react-pdf/renderer/package.json',
        'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
        'node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
        // The font licence asks to travel with the font.
        'node_modules/@expo-google-fonts/noto-sans/LICENSE_FONT',
      ]) {
        expect(packaged, file).toContain(file);
      }
    });

    it('leave out the database module’s Node build and C sources, source maps, zod’s tests and unused fonts', () => {
      expect(packaged.filter((file) => /^node_modules\/better-sqlite3-multiple-ciphers\/(build|deps|src)\//.test(file))).toEqual([]);
      expect(packaged.filter((file) => file.endsWith('.map'))).toEqual([]);
      expect(packaged.filter((file) => /^node_modules\/zod\/(.+\/)?(test|tests|__tests__)\//.test(file))).toEqual([]);
      expect(packaged.filter((file) => /\.(ttf|otf|woff2?)$/.test(file))).toEqual([
        'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
        'node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
      ]);
      expect(packaged.filter((file) => file.startsWith('node_modules/@expo-google-fonts/noto-sans/') && file.endsWith('.png'))).toEqual([]);
    });
  });

  it('ships the Electron build of the database module where the app looks for it, checked by the beforePack hook', async () => {
    expect(config.extraResources).toContainEqual({ from: ELECTRON_NATIVE_FILE, to: 'native/better_sqlite3.node' });
    const resource = config.extraResources.find((entry) => entry.from === ELECTRON_NATIVE_FILE)!;
    expect(nativeBindingPath({ isPackaged: true, resourcesPath: '/resources', appPath: '/app' })).toBe(path.join('/resources', resource.to));
    expect(nativeBindingPath({ isPackaged: false, resourcesPath: '/resources', appPath: '/app' })).toBe(path.join('/app', ELECTRON_NATIVE_FILE));

    // electron-builder resolves the hook's path from the project folder, where `npm run dist` runs.
    expect(config.beforePack).toBe('./main/build/before-pack.mjs');
    const hook = (await import(pathToFileURL(path.resolve(root, config.beforePack)).href)) as { default?: unknown };
    expect(typeof hook.default).toBe('function');
  });
});
