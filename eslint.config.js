// ESLint flat config: JS and TypeScript recommended rules (not type-checked, so `npm run lint`
// stays fast), Svelte rules for the dashboard, and the import boundaries of docs/DESIGN
// (issue 22), written as no-restricted-imports patterns per folder.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

/** A relative import that climbs (`../`, any depth) into `target`: the specifier form every boundary below uses. */
const into = (target) => `^(\\.\\./)+${target}(/|$)`;

/** no-restricted-imports options from [regex, message] pairs. */
const boundary = (...rules) => ({ patterns: rules.map(([regex, message]) => ({ regex, message })) });

export default defineConfig(
  {
    ignores: ['node_modules/', 'web/dist/', 'dist/', 'content/', 'test/fixtures/', 'test/artifacts/', '.l10n-drift/', 'coverage/'],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names mark a parameter or element kept for its position (callbacks, tuples).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The code writes two statements under one `if` as a comma sequence on purpose
      // (`if (x) (where.push(…), params.push(…))`); the rule flags every sequence and has no option for it.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,js,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // It flags local temporaries (a URLSearchParams turned into a string, a Map built and returned
      // inside $derived); shared state lives in .svelte.ts classes with $state, which it does not check.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['test/**', 'server/output/escape.ts'],
    // Hostile-input tests build control characters, and the output escaping strips them, on purpose.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },

  // Import boundaries. Each folder has one entry (a later entry for the same rule would replace it).
  {
    // Checks receive typed documents (server/shared/documents.ts) that a repository
    // (db/repositories/check-documents.ts) reads; server/run-checks.ts joins the two.
    files: ['server/checks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        boundary([into('db'), 'checks must not import db/: they receive typed documents through a repository (server/run-checks.ts).']),
      ],
    },
  },
  {
    files: ['server/layouts/**'],
    rules: { 'no-restricted-imports': ['error', boundary([into('db'), 'layouts are pure path/redirect logic: no db/.'])] },
  },
  {
    files: ['server/indexer/**'],
    rules: { 'no-restricted-imports': ['error', boundary([into('(server/)?routes'), 'the indexer must not import server/routes (the API sits above it).'])] },
  },
  {
    // One section alignment for checks, routes and history: it depends on none of them.
    files: ['server/align/**'],
    rules: {
      'no-restricted-imports': ['error', boundary(['^\\.\\./', 'server/align is pure: it imports no other folder (checks, routes and history import it).'])],
    },
  },
  {
    files: ['db/**'],
    rules: { 'no-restricted-imports': ['error', boundary([into('server/routes'), 'db/ must not import server/routes (the API sits above it).'])] },
  },
  {
    // The dashboard talks to the server over HTTP (web/src/lib/api.ts); it may share type files only.
    files: ['web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        boundary([
          `^(\\.\\./)+server/(?!shared/|(.*/)?types(\\.ts)?$)`,
          'web must not import server/ code: only its shared types files (server/shared/**, **/types.ts).',
        ]),
      ],
    },
  },
);
