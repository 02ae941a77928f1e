import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Loaded on demand: the dictionaries are over a megabyte and only the setup and settings screens need them. */
const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export function scorePassphrase(passphrase: string, userInputs: string[]): StrengthScore {
  return zxcvbn.check(passphrase, userInputs).score;
}
