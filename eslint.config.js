// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import bureau from './scripts/eslint/french-typography.js';

// The process boundaries of style.md point 1, enforced here so that crossing one fails `npm run lint`.
// Each names a folder both ways it can be imported: by a relative path and by its alias
// (tsconfig.base.json: ~shared/, ~node/, ~main/, ~server/, ~renderer/).
// Anchored ('/events', gitignore syntax): a bare module name, not any path ending with it
// (`~shared/events` is ours and pure).
const NODE_BUILTINS = ['node:*', ...['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'worker_threads'].map((name) => `/${name}`)];

// The office server's own layers (issue 9, point 3). Every server file keeps the process boundary;
// flat config replaces a rule's options per file rather than merging them, so each inner layer
// repeats the outer patterns.
const SERVER_PATTERNS = [
  { group: ['**/src-main/**', '**/src-renderer/**', '~main/**', '~renderer/**'], message: 'Le serveur n’importe que src-shared, src-node et src-server.' },
  { group: ['electron', 'electron/*'], message: 'Le serveur ne dépend pas d’Electron.' },
];
// The domain (sync, auth, jobs, sms, calendar feeds, db…) knows nothing of HTTP: it throws its own
// errors, which the feature's routes.ts turns into answers. Only http/, each feature's routes.ts
// and feature.ts, and server.ts (the assembly) import fastify or http/.
const SERVER_DOMAIN_PATTERNS = [
  ...SERVER_PATTERNS,
  { group: ['fastify', 'fastify/*', '@fastify/*'], message: 'Le domaine du serveur ne dépend pas de Fastify : seuls http/, les routes.ts et feature.ts et server.ts le connaissent.' },
  { regex: '^(\\./|(\\.\\./)+|~server/)http/', message: 'Le domaine du serveur n’importe rien de http/ : il lève ses propres erreurs, que routes.ts traduit en réponses HTTP.' },
];
// The database layer is the bottom one: the features use it, never the other way round.
const SERVER_DB_PATTERNS = [
  ...SERVER_DOMAIN_PATTERNS,
  {
    regex: '^(\\./|(\\.\\./)+|~server/)(auth|calendar|cli|http|jobs|seed|sms|sync)(/|$)',
    message: 'src-server/db n’importe que src-shared, config, log et lui-même : les fonctions du serveur l’utilisent, pas l’inverse.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'data/', 'migrations/**/*.sql', 'migrations/**/meta/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { bureau },
    rules: {
      'bureau/french-typography': 'error',
      // The no-break spaces of French typography live in strings, templates and JSX text.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true, skipRegExps: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Testing Library and Playwright read the page with its no-break spaces made plain, so the
    // texts they look for are written with plain ones.
    files: ['e2e/**', 'src-renderer/**/*.test.tsx'],
    rules: { 'bureau/french-typography': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'src-shared ne dépend pas d’Electron (style.md, point 1).' },
            { group: NODE_BUILTINS, message: 'src-shared n’importe aucun module de Node (style.md, point 1).' },
            { group: ['**/src-main/**', '**/src-server/**', '**/src-renderer/**', '**/src-node/**', '~main/**', '~server/**', '~renderer/**', '~node/**'], message: 'src-shared n’importe que src-shared.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src-shared ne dépend pas du DOM.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', '__dirname', 'require'].map(
          (name) => ({ name, message: `src-shared est pur : pas de « ${name} » (style.md, point 1).` }),
        ),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**', '**/src-main', '~main/**'], message: 'Le rendu passe par window.api, jamais par src-main.' },
            { group: ['**/src-server/**', '**/src-server', '~server/**'], message: 'Le rendu n’importe jamais src-server.' },
            { group: ['**/src-node/**', '**/src-node', '~node/**'], message: 'Le rendu n’importe jamais src-node : il lit les fichiers par window.api.' },
            { group: ['electron', 'electron/*'], message: 'Le rendu n’importe pas Electron : il passe par window.api.' },
            { group: NODE_BUILTINS, message: 'Le rendu est en bac à sable : aucun module de Node.' },
          ],
        },
      ],
    },
  },
  {
    // Node-only code shared by the desktop's main process and the office server (file reading for
    // the import): it may use Node and npm modules, never either side, the renderer or Electron.
    files: ['src-node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**', '**/src-main', '**/src-server/**', '**/src-server', '**/src-renderer/**', '**/src-renderer', '~main/**', '~server/**', '~renderer/**'], message: 'src-node n’importe que src-shared, Node et les modules npm.' },
            { group: ['electron', 'electron/*'], message: 'src-node ne dépend pas d’Electron : le serveur du bureau l’utilise aussi.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: SERVER_PATTERNS }] },
  },
  {
    files: ['src-server/**/*.ts'],
    // The HTTP edge, the assembly, and the tests (which drive the server through HTTP).
    ignores: [
      'src-server/http/**',
      'src-server/*/routes.ts',
      'src-server/*/feature.ts',
      'src-server/server.ts',
      'src-server/**/*.test.ts',
      'src-server/**/testing/**',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: SERVER_DOMAIN_PATTERNS }] },
  },
  {
    files: ['src-server/db/**/*.ts'],
    ignores: ['src-server/db/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: SERVER_DB_PATTERNS }] },
  },
  {
    // Issue 17: a PostgreSQL connection without an `error` listener ends the process when its
    // backend goes away; every one is made by src-server/db/pg-connections.ts, which adds it.
    files: ['src-server/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts'],
    ignores: ['src-server/db/pg-connections.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.object.name='pg'][callee.property.name=/^(Pool|Client)$/], NewExpression[callee.name=/^(Pool|Client)$/]",
          message: 'Ouvrez les connexions PostgreSQL par src-server/db/pg-connections.ts (openPgPool, newPgClient) : elles y reçoivent leur écouteur d’erreurs.',
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/src-server/**', '**/src-renderer/**', '~server/**', '~renderer/**'], message: 'Le processus principal n’importe que src-shared, src-node et src-main.' }],
        },
      ],
    },
  },
);
