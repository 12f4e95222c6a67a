/**
 * The unit-file TextMate grammar, run by VS Code's own engine (vscode-textmate on the
 * vscode-oniguruma WASM regex library) over the fixtures in test/fixtures/grammar/. Each test
 * looks at the scopes of particular tokens, one construct at a time.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR = path.join(ROOT, 'syntaxes/systemd-unit.tmLanguage.json');
const FIXTURES = path.join(ROOT, 'test/fixtures/grammar');

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.systemd-unit' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const loaded = await registry.loadGrammar('source.systemd-unit');
  assert.ok(loaded, 'grammar loads');
  grammar = loaded;
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split('\n').forEach((line, n) => {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens)
      tokens.push({ line: n, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = result.ruleStack;
  });
  return tokens;
}

const fixture = (name: string) => tokenize(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

/**
 * The scopes of the token with exactly `text` on the first line that starts with `linePrefix`
 * (the `nth` such token on that line, from 0).
 */
function scopesOf(tokens: Token[], source: string, linePrefix: string, text: string, nth = 0): string[] {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.startsWith(linePrefix));
  assert.ok(line >= 0, `no line starts with ${linePrefix}`);
  const found = tokens.filter((t) => t.line === line && t.text === text)[nth];
  assert.ok(
    found,
    `no token ${JSON.stringify(text)} on ` +
      `line ${line + 1}: ${JSON.stringify(tokens.filter((t) => t.line === line).map((t) => t.text))}`,
  );
  return found.scopes;
}

function has(scopes: string[], scope: string): void {
  assert.ok(
    scopes.some((s) => s === scope || s.startsWith(scope + '.')),
    `expected ${scope} in ${scopes.join(' ')}`,
  );
}

function lacks(scopes: string[], scope: string): void {
  assert.ok(
    !scopes.some((s) => s === scope || s.startsWith(scope + '.')),
    `did not expect ${scope} in ${scopes.join(' ')}`,
  );
}

describe('systemd-unit grammar: web.service', () => {
  const source = fs.readFileSync(path.join(FIXTURES, 'web.service'), 'utf8');
  let tokens: Token[];
  const at = (linePrefix: string, text: string, nth = 0) => scopesOf(tokens, source, linePrefix, text, nth);
  before(() => {
    tokens = fixture('web.service');
  });

  it('comments with # and ; at line start', () => {
    has(at('# A web', '#'), 'punctuation.definition.comment');
    has(at('# A web', ' A web service with most of the unit-file syntax'), 'comment.line.number-sign');
    has(at('; a semi', ' a semicolon comment'), 'comment.line.semicolon');
  });

  it('section headers', () => {
    has(at('[Unit]', 'Unit'), 'entity.name.section');
    has(at('[Unit]', '['), 'punctuation.definition.section.begin');
    has(at('[Install]', 'Install'), 'entity.name.section');
  });

  it('keys, = and plain values', () => {
    has(at('Description=', 'Description'), 'keyword.other.key');
    has(at('Description=', '='), 'keyword.operator.assignment');
    const value = at('After=', 'network-online.target remote-fs.target');
    has(value, 'meta.value');
    lacks(value, 'constant.numeric');
  });

  it('specifiers, %% included, in plain values and command lines', () => {
    has(at('Description=', '%i'), 'constant.other.placeholder.specifier');
    has(at('Description=', '%H'), 'constant.other.placeholder.specifier');
    has(at('ExecStartPre=', '%i'), 'constant.other.placeholder.specifier');
    has(at('WorkingDirectory=', '%%'), 'constant.other.placeholder.specifier');
  });

  it('Exec prefixes at the start of command lines only', () => {
    has(at('ExecStartPre=', '-'), 'keyword.operator.prefix');
    has(at('ExecStart=', '@'), 'keyword.operator.prefix');
    has(at('ExecStartPost=', '+!'), 'keyword.operator.prefix');
    has(at('ExecReload=', '!!'), 'keyword.operator.prefix');
    // "-p" later on the line is an argument, not a prefix
    lacks(at('ExecStartPre=', '/usr/bin/mkdir -p /run/web/'), 'keyword.operator.prefix');
  });

  it('$VAR and ${VAR} in command lines, a quoted argument with a specifier', () => {
    has(at('ExecStart=', '${PORT}'), 'variable.other.environment');
    has(at('ExecReload=', '$MAINPID'), 'variable.other.environment');
    has(at('ExecStart=', '%n'), 'string.quoted.double');
    has(at('ExecStart=', '%n'), 'constant.other.placeholder.specifier');
  });

  it('line continuation: backslash, a comment line inside, the value goes on', () => {
    has(at('ExecStart=', '\\'), 'constant.character.escape.line-continuation');
    has(at('    # a comment', '#'), 'punctuation.definition.comment');
    const next = at('    --log-level', '$LOG_LEVEL');
    has(next, 'variable.other.environment');
    has(next, 'meta.value.command-line');
    // and ends with it: the next line is a new key
    has(at('ExecStartPost=', 'ExecStartPost'), 'keyword.other.key');
  });

  it('Environment= assignments, bare and quoted', () => {
    has(at('Environment=', 'PORT'), 'variable.other.environment');
    has(at('Environment=', 'GREETING'), 'variable.other.environment');
    has(at('Environment=', 'GREETING'), 'string.quoted.double');
    has(at('Environment=', 'LANG'), 'variable.other.environment');
    has(at('Environment=', 'C.UTF-8'), 'string.quoted.single');
    has(at('Environment=', '=', 1), 'keyword.operator.assignment');
  });

  it('time spans, infinity, sizes, negative numbers', () => {
    has(at('RestartSec=', '1min'), 'constant.numeric.timespan');
    has(at('RestartSec=', '30s'), 'constant.numeric.timespan');
    has(at('TimeoutStopSec=', 'infinity'), 'constant.language.infinity');
    has(at('MemoryMax=', '512M'), 'constant.numeric');
    has(at('Nice=', '-5'), 'constant.numeric');
  });

  it('booleans as whole values only', () => {
    has(at('NoNewPrivileges=', 'yes'), 'constant.language.boolean');
    has(at('PrivateTmp=', 'true'), 'constant.language.boolean');
    lacks(at('ProtectSystem=', 'strict'), 'constant.language.boolean');
  });

  it('escapes inside quoted strings and in values', () => {
    has(at('LogExtraFields=', '\\"'), 'constant.character.escape');
    has(at('LogExtraFields=', '\\"'), 'string.quoted.double');
  });
});

describe('systemd-unit grammar: .nspawn and Quadlet files', () => {
  it('machine.nspawn: sections, booleans, Environment=, no numbers inside port mappings', () => {
    const source = fs.readFileSync(path.join(FIXTURES, 'machine.nspawn'), 'utf8');
    const tokens = fixture('machine.nspawn');
    const at = (prefix: string, text: string) => scopesOf(tokens, source, prefix, text);
    has(at('[Exec]', 'Exec'), 'entity.name.section');
    has(at('[Files]', 'Files'), 'entity.name.section');
    has(at('Boot=', 'on'), 'constant.language.boolean');
    has(at('Environment=', 'container'), 'variable.other.environment');
    lacks(at('Port=', 'tcp:8080:80'), 'constant.numeric');
    has(at('VirtualEthernet=', 'yes'), 'constant.language.boolean');
  });

  it('web.container: [Container] keys, specifier in Exec=, a time span, passthrough [Service]', () => {
    const source = fs.readFileSync(path.join(FIXTURES, 'web.container'), 'utf8');
    const tokens = fixture('web.container');
    const at = (prefix: string, text: string) => scopesOf(tokens, source, prefix, text);
    has(at('[Container]', 'Container'), 'entity.name.section');
    has(at('Image=', 'Image'), 'keyword.other.key');
    lacks(at('Image=', 'quay.io/fedora/fedora:40'), 'constant.numeric');
    has(at('Exec=', '%i'), 'constant.other.placeholder.specifier');
    // Quadlet's Exec= is arguments, not a systemd command line: no prefix scope
    lacks(at('Exec=', 'sleep '), 'keyword.operator.prefix');
    has(at('HealthInterval=', '2m'), 'constant.numeric.timespan');
    has(at('ReadOnly=', 'true'), 'constant.language.boolean');
    has(at('TimeoutStartSec=', '900'), 'constant.numeric');
    has(at('Environment=', 'FOO'), 'variable.other.environment');
  });

  it('every line of every fixture is tokenized under source.systemd-unit', () => {
    for (const name of fs.readdirSync(FIXTURES)) {
      for (const t of fixture(name)) assert.equal(t.scopes[0], 'source.systemd-unit', `${name}:${t.line + 1}`);
    }
  });
});
