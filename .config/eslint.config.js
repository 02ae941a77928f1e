// ESLint with typed rules, and the architecture's import boundaries:
// the core never imports electron, the contract is pure, the renderer never
// imports Node modules or main-process code (the contract excepted).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['.config/*.js', '.config/*.mjs', 'test/tools/*.mjs', 'main/build/*.mjs'] }, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core is plain Node: Electron belongs in the thin wiring under main/.' }],
          patterns: [{ group: ['electron/*'], message: 'The core is plain Node: Electron belongs in the thin wiring under main/.' }],
        },
      ],
    },
  },
  {
    files: ['main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeBuiltins],
          patterns: [
            { group: ['**/core/**', '../*', '!../contract/**'], message: 'The contract is shared with the renderer: zod and types only.' },
            { group: ['electron/*'], message: 'The contract is shared with the renderer: zod and types only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the main process through window.neo only.' },
            { name: 'better-sqlite3-multiple-ciphers', message: 'The database belongs to the main process.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs sandboxed: no Node modules.' })),
          ],
          patterns: [
            { group: ['electron/*'], message: 'The renderer talks to the main process through window.neo only.' },
            {
              group: ['**/main/**'],
              message: 'The renderer reaches the main side only through the contract, imported as @contract/… (never a relative path).',
            },
            { group: ['**/preload/**'], message: 'The preload is reached through window.neo, never imported.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/**', '**/renderer/**'], message: 'The preload only bridges the contract.' }] },
      ],
    },
  },
);
