import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';

/**
 * The architecture's import boundaries are enforced by lint; these probes prove
 * the rules fire. The probe files do not exist, so type-aware parsing (which
 * needs a tsconfig project) is turned off for them only: the boundary rules
 * are not type-aware.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: '.config/eslint.config.js',
  overrideConfig: [{ files: ['**/__lint_probe__*'], ...tseslint.configs.disableTypeChecked }],
});

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const parseErrors = result.messages.filter((m) => m.ruleId === null);
  expect(parseErrors).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ["import { app } from 'electron';", 'main/core/__lint_probe__.ts'],
    ["import { app } from 'electron/main';", 'main/core/__lint_probe__.ts'],
    ["import { safeStorage } from 'electron';", 'main/core/services/__lint_probe__.ts'],
    ["import fs from 'node:fs';", 'renderer/src/__lint_probe__.ts'],
    ["import fs from 'fs';", 'renderer/src/features/__lint_probe__.tsx'],
    ["import { ipcRenderer } from 'electron';", 'renderer/src/__lint_probe__.ts'],
    ["import { ipcRenderer } from 'electron/renderer';", 'renderer/src/__lint_probe__.ts'],
    ["import Database from 'better-sqlite3-multiple-ciphers';", 'renderer/src/__lint_probe__.ts'],
    ["import { Core } from '../../main/core/index';", 'renderer/src/__lint_probe__.ts'],
    ["import { openDatabase } from '../../main/core/db/database';", 'renderer/src/__lint_probe__.ts'],
    ["import { AppError } from '../core/errors';", 'main/contract/__lint_probe__.ts'],
    ["import { readFileSync } from 'node:fs';", 'main/contract/__lint_probe__.ts'],
    ["import { ipcMain } from 'electron/main';", 'main/contract/__lint_probe__.ts'],
    // The contract is reached through the @contract alias only, never a deep relative path.
    ["import { contract } from '../../main/contract/channels';", 'renderer/src/__lint_probe__.ts'],
    ["import { formatMobile } from '../../../main/contract/formats';", 'renderer/src/features/__lint_probe__.ts'],
  ])('refuses %s in %s', async (importLine, filePath) => {
    const errors = await importErrors(filePath, `${importLine}\nexport const probe = [${importLine.split(/[{} ]+/)[1] ?? ''}];\n`);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ["import { contract } from '@contract/channels';", 'renderer/src/__lint_probe__.ts'],
    ["import { formatMobile } from '@contract/formats';", 'renderer/src/features/__lint_probe__.ts'],
    ["import { readFileSync } from 'node:fs';", 'main/core/__lint_probe__.ts'],
    ["import { app } from 'electron';", 'main/electron/__lint_probe__.ts'],
  ])('allows %s in %s', async (importLine, filePath) => {
    const errors = await importErrors(filePath, `${importLine}\nexport const probe = [${importLine.split(/[{} ]+/)[1] ?? ''}];\n`);
    expect(errors).toEqual([]);
  });
});
