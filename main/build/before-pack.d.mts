/** Types for before-pack.mjs, so the tests can import it. */
export declare const ELECTRON_NATIVE_FILE: string;
export declare const ELECTRON_NATIVE_STAMP: string;

export interface NativeTarget {
  projectDir: string;
  platform: string;
  arch: string;
  electronVersion: string;
}

export declare function checkElectronNative(target: NativeTarget): void;

/** The part of electron-builder's pack context the hook reads. */
export interface PackContextPart {
  electronPlatformName: string;
  arch: number;
  packager: { projectDir: string; info: { framework: { version: string } } };
}

export default function beforePack(context: PackContextPart): void;
