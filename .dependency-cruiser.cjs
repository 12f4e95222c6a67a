// The import graph's rules (issue 23 item 3), checked by `npm run check:imports`: no circles,
// and in server/src and in client/src each layer imports only its own and lower layers.
// docs/architecture.md draws the layers. The client imports only shared/; shared/ imports neither side.

/** Files of a kind folder that work on a rule context: the rules and the helpers they share. */
const RULE_FILES =
  'server/src/rules/|server/src/kinds/[^/]+/(rules/|ruleList\\.ts$|ruleContext\\.ts$|lint[A-Za-z]*\\.ts$)' +
  '|server/src/kinds/unit/imageUnits\\.ts$|server/src/kinds/quadlet/(generator|podmanArgs|podmanEdits|runSpec)\\.ts$' +
  '|server/src/kinds/dockerfile/(recipeEdits|volumeEdit)\\.ts$';
// The registry, what asks it, and each kind's descriptor (kinds/<kind>/kind.ts joins the kind's linter and
// editor features, so it sits above the rules).
const REGISTRY_FILES =
  'server/src/kinds/(registry|ruleCatalog|detect|editorFeatures|kindDescriptor)\\.ts$' +
  '|server/src/kinds/[^/]+/kind\\.ts$|server/src/kinds/unit/familyKind\\.ts$';

/** server/src's layers, bottom first; each file is in exactly one. */
const LAYERS = [
  ['shared', '^shared/'],
  ['core', '^server/src/(core|knowledge)/'],
  ['shell', '^server/src/shell/'],
  ['model', `^server/src/runspec/|^(?!${RULE_FILES}|${REGISTRY_FILES})server/src/kinds/[^/]+/`],
  ['security', '^server/src/security/'],
  ['rules', `^(?:${RULE_FILES})`],
  ['registry', `^(?:${REGISTRY_FILES})`],
  ['service', '^server/src/(service|lint|lintScheduler)\\.ts$'],
  ['transport', '^server/src/(server|messageWriter|cli)\\.ts$|^server/src/cli/'],
];

/** The vscode module as resolved: its type package (under the checkout's node_modules, or a linked one). */
const VSCODE = '^vscode$|(^|/)node_modules/@types/vscode/';

/** client/src's layers, bottom first; each file is in exactly one. */
const CLIENT_LAYERS = [
  ['client-engine', '^client/src/nspawn/|^client/src/hostPath\\.ts$'],
  ['client-ids', '^client/src/(commandIds|engineSettings)\\.ts$'],
  ['client-session', '^client/src/session/'],
  ['client-views', '^client/src/views/'],
  ['client-commands', '^client/src/commands/'],
  ['client-activation', '^client/src/(?!(nspawn|session|views|commands)/|(hostPath|commandIds|engineSettings)\\.ts$)'],
];

/** One rule per layer but the top one: it imports nothing from a layer above it. */
function upwardRules(layers, side) {
  return layers.slice(0, -1).map(([name, path], i) => ({
    name: `${name}-imports-upward`,
    comment: `${side}'s ${name} layer imports only ${layers
      .slice(0, i + 1)
      .map(([n]) => n)
      .join(', ')} (docs/architecture.md)`,
    severity: 'error',
    from: { path },
    to: {
      path: layers
        .slice(i + 1)
        .map(([, p]) => `(?:${p})`)
        .join('|'),
    },
  }));
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: modules that need each other are one module, or a lower one is missing.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-stands-alone',
      comment: 'shared/ is used by the client and the server: it imports neither, nor vscode.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: `^(client|server)/|${VSCODE}` },
    },
    {
      name: 'client-imports-only-shared',
      comment: 'The client uses the server through the language server protocol; common code lives in shared/.',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-imports-no-client',
      comment:
        'The server and the CLI do not import the client; the CLI subcommands (boot, preflight, verify-image) ' +
        'run the engine layer, shared/engine, as the client does.',
      severity: 'error',
      from: { path: '^server/src/' },
      to: { path: '^client/' },
    },
    {
      name: 'engine-only-for-the-cli',
      comment: 'Of the server side, only the CLI subcommands and their engine connection talk to an engine.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: '^server/src/cli/(commands/|engine\\.ts$)' },
      to: { path: '^shared/engine/' },
    },
    {
      name: 'client-engine-without-vscode',
      comment:
        'The engine layer (engine/, nspawn/) runs in the CLI too: it does not import vscode; views and ' +
        'commands present what it finds.',
      severity: 'error',
      from: { path: '^client/src/nspawn/|^client/src/hostPath\\.ts$' },
      to: { path: VSCODE },
    },
    ...upwardRules(LAYERS, 'server/src'),
    ...upwardRules(CLIENT_LAYERS, 'client/src'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
