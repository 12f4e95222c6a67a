// ESLint for the TypeScript and JavaScript source: the recommended rules of ESLint and
// typescript-eslint (syntax only, no type information, so a run over the tree stays fast) and the
// line limit. Layout is Prettier's job (.prettierrc.json): `npm run lint` runs both, `npm run format`
// rewrites with Prettier and then rewraps long comments (scripts/wrap-comments.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals the plain .mjs scripts use (TypeScript checks the .ts files' names itself).
const nodeGlobals = Object.fromEntries(
  (
    'console process Buffer URL URLSearchParams AbortController TextDecoder TextEncoder fetch queueMicrotask ' +
    'setTimeout clearTimeout setInterval clearInterval setImmediate'
  )
    .split(' ')
    .map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test/fixtures/', 'test/heldout/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: nodeGlobals },
    rules: {
      // No source line over 120 characters, comments and strings included (Prettier breaks code,
      // scripts/wrap-comments.mjs comments; long literals are split by hand).
      'max-len': ['error', { code: 120 }],
      // `_name` marks a value left unused on purpose (a destructured field left out of a rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Matching terminal escapes (ESC, NUL in fuzzed text) is what those regexes are for.
      'no-control-regex': 'off',
      // `require()` is how bundles load a part on first use (dist/engine.js, core.js, the data
      // files): a static import would load it at start-up.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    // TypeScript reports undefined names itself, with the right lib and @types.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.ts'],
    // Tests match the exact text a tool prints, and the scripts' regexes read man-page sentences: a
    // long regex or string literal there is one expectation, clearer whole than cut in pieces. The
    // product's source (client/, server/, shared/) has no such exception.
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    // Expected text is matched with its indentation spelled out, as the file under test has it.
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    files: ['**/*.cjs'],
    // CommonJS configuration files (dependency-cruiser's).
    languageOptions: { sourceType: 'commonjs', globals: { module: 'readonly', require: 'readonly' } },
  },
  {
    files: ['test/vscode/**/*.ts'],
    // The suites read the results of the extension's commands, which VS Code's command API types as any.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
