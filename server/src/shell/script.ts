/**
 * Turns a shell script (a RUN body) into the list of simple commands it runs, in order, with
 * what a linter needs around each one: the working directory (`cd` tracking, subshells keep
 * their own), the enclosing `for` loop, `[ $i = x ] ||` guards, redirections and heredocs,
 * and the commands that feed it through a pipe (for `xargs`).
 */
import type { Node } from 'web-tree-sitter';
import { shellParser } from './bashParser';

export interface ShellWord {
  /** The word's value with quotes and backslash escapes removed (expansions kept as written). */
  value: string;
  /** True when the value depends on an expansion (`$x`, `$(…)`), so it is not known statically. */
  dynamic: boolean;
  start: number;
  end: number;
}

export interface ShellRedirect {
  op: string;
  target: string;
  /** The body of a heredoc (`<<EOF`), or a here-string (`<<<`). */
  body?: string;
}

export interface ForLoop {
  variable: string;
  values: ShellWord[];
  cwd: string | null;
}

export interface ShellCommand {
  /** Words after stripping `sudo`, `env`, `exec`, `command`, `nohup` and `VAR=value` prefixes. */
  words: ShellWord[];
  /** Command name (basename of the first word), e.g. `apt-get`, `rm`. */
  name: string;
  /** Directory this command runs in, when it can be known (`cd` tracking); null when unknown. */
  cwd: string | null;
  start: number;
  end: number;
  loop?: ForLoop;
  /** Loop values excluded by a `[ "$i" = name ] || cmd` guard. */
  guardExcludes: string[];
  redirects: ShellRedirect[];
  /** Commands earlier in the same pipeline (`ls | grep -v x | xargs rm`). */
  pipedFrom: ShellCommand[];
  /** The text after `||`/`;` etc. is still run: true when this command only runs if an earlier one failed. */
  onFailureOnly: boolean;
}

export interface ParsedScript {
  commands: ShellCommand[];
  /** tree-sitter found a syntax error (the commands are a best-effort reading). */
  hasError: boolean;
}

const PREFIX_COMMANDS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time', 'doas']);

/** Variables known before the script runs (ENV, ARG defaults): name → value. */
export type ShellVariables = ReadonlyMap<string, string>;

interface WalkState {
  cwd: string | null;
  /** Known variables: the image's ENV/ARG plus plain assignments earlier in the script. */
  vars: ShellVariables;
  loop?: ForLoop;
  guardExcludes: string[];
  pipedFrom: ShellCommand[];
  onFailureOnly: boolean;
}

export function parseScript(script: string, vars: ShellVariables = new Map()): ParsedScript {
  const tree = shellParser().parse(script);
  if (!tree) return { commands: [], hasError: true };
  try {
    const commands: ShellCommand[] = [];
    const state: WalkState = { cwd: null, vars, guardExcludes: [], pipedFrom: [], onFailureOnly: false };
    walk(tree.rootNode, state, commands);
    return { commands, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

function walk(node: Node, state: WalkState, out: ShellCommand[]): void {
  switch (node.type) {
    case 'command':
      emitCommand(node, [], state, out);
      return;
    case 'redirected_statement': {
      // Node wrappers are not identity-stable in web-tree-sitter: compare ids.
      const body = node.childForFieldName('body');
      const redirects = node.namedChildren.filter((c): c is Node => !!c && c.id !== body?.id).flatMap((c) => readRedirect(c, state.vars));
      if (body?.type === 'command') {
        emitCommand(body, redirects, state, out);
      } else if (body) {
        // tree-sitter-bash reads `a && b > f` as (a && b) > f: the redirect belongs to b.
        const before = out.length;
        walk(body, state, out);
        if (out.length > before) out[out.length - 1].redirects.push(...redirects);
      }
      return;
    }
    case 'subshell': {
      const inner: WalkState = { ...state, guardExcludes: [] };
      for (const c of node.namedChildren) if (c) walk(c, inner, out);
      return;
    }
    case 'list':
      walkList(node, state, out);
      return;
    case 'pipeline': {
      const stages: ShellCommand[] = [];
      for (const c of node.namedChildren) {
        if (!c) continue;
        const before = out.length;
        walk(c, { ...state, pipedFrom: [...stages] }, out);
        stages.push(...out.slice(before));
      }
      return;
    }
    case 'for_statement': {
      const variable = node.childForFieldName('variable')?.text ?? '';
      const values = node.childrenForFieldName('value').map((v) => readWord(v, state.vars));
      const body = node.childForFieldName('body');
      if (body) walk(body, { ...state, loop: { variable, values, cwd: state.cwd } }, out);
      return;
    }
    case 'variable_assignment':
      assign(node, state);
      return;
    case 'declaration_command':
      // `export D=/x`, `local`, `readonly`: the assignments count like plain ones.
      for (const c of node.namedChildren) if (c?.type === 'variable_assignment') assign(c, state);
      return;
    case 'heredoc_body':
    case 'comment':
      return;
    default:
      for (const c of node.namedChildren) if (c) walk(c, state, out);
  }
}

/**
 * `a && b || c ; d`: commands share the working directory; the right side of `||` runs only
 * when the left failed, and `[ $i = x ] || rm $i` excludes x from the loop's removals.
 */
function walkList(node: Node, state: WalkState, out: ShellCommand[]): void {
  let previous: Node | null = null;
  let operator = '';
  for (const child of node.children) {
    if (!child) continue;
    if (!child.isNamed) {
      operator = child.type;
      continue;
    }
    if (child.type === 'comment') continue;
    if (previous && operator === '||') {
      const guard = guardExclusion(previous, state.loop);
      const failureOnly = !guard;
      walk(child, { ...state, guardExcludes: guard ? [...state.guardExcludes, guard] : state.guardExcludes, onFailureOnly: state.onFailureOnly || failureOnly }, out);
      // cd inside a failure branch does not move the main line.
    } else {
      walk(child, state, out);
    }
    previous = child;
    operator = '';
  }
}

/** `[ $i == name ]` / `[ "$i" = "name" ]` / `test $i = name` inside `for i in …`: returns name. */
function guardExclusion(node: Node, loop: ForLoop | undefined): string | undefined {
  if (!loop) return undefined;
  const text = node.text.replace(/["']/g, '');
  const m = /^(?:\[\[?|test)\s+\$\{?(\w+)\}?\s*==?\s*(\S+?)\s*\]?\]?$/.exec(text.trim());
  if (m && m[1] === loop.variable) return m[2];
  return undefined;
}

function emitCommand(node: Node, redirects: ShellRedirect[], state: WalkState, out: ShellCommand[]): void {
  const words: ShellWord[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'variable_assignment' || c.type === 'comment') continue;
    if (c.type === 'file_redirect' || c.type === 'herestring_redirect' || c.type === 'heredoc_redirect') {
      redirects.push(...readRedirect(c, state.vars));
      continue;
    }
    if (c.type === 'command_name') {
      const inner = c.namedChildren[0];
      words.push(readWord(inner ?? c, state.vars));
      continue;
    }
    words.push(readWord(c, state.vars));
  }
  while (words.length > 1 && PREFIX_COMMANDS.has(basename(words[0].value))) {
    words.shift();
    // `sudo -u x cmd`, `env -i A=b cmd`: drop options and assignments too.
    while (words.length > 1 && (words[0].value.startsWith('-') || /^\w+=/.test(words[0].value))) words.shift();
  }
  if (words.length === 0) return;
  const command: ShellCommand = {
    words,
    name: basename(words[0].value),
    cwd: state.cwd,
    start: node.startIndex,
    end: node.endIndex,
    loop: state.loop,
    guardExcludes: state.guardExcludes,
    redirects,
    pipedFrom: state.pipedFrom,
    onFailureOnly: state.onFailureOnly,
  };
  out.push(command);
  if (command.name === 'cd' && !state.onFailureOnly) {
    const target = words[1];
    state.cwd = target && !target.dynamic ? resolvePath(state.cwd, target.value) : target ? null : '/root';
  }
}

/** `NAME=value` at statement level: later words see the value when it is static. */
function assign(node: Node, state: WalkState): void {
  const name = node.childForFieldName('name')?.text;
  const valueNode = node.childForFieldName('value');
  if (!name) return;
  const vars = new Map(state.vars);
  const value = valueNode ? readWord(valueNode, state.vars) : { value: '', dynamic: false };
  if (value.dynamic || state.onFailureOnly) vars.delete(name);
  else vars.set(name, value.value);
  state.vars = vars;
}

function readRedirect(node: Node, vars: ShellVariables): ShellRedirect[] {
  if (node.type === 'heredoc_redirect') {
    const body = node.namedChildren.find((c) => c?.type === 'heredoc_body');
    // `cat <<EOF > file`: the file redirect is a child of the heredoc redirect.
    const nested = node.namedChildren.filter((c): c is Node => !!c && c.type === 'file_redirect').flatMap((c) => readRedirect(c, vars));
    return [{ op: '<<', target: '', body: body?.text ?? '' }, ...nested];
  }
  if (node.type === 'herestring_redirect') {
    const value = node.namedChildren[node.namedChildren.length - 1];
    return [{ op: '<<<', target: '', body: value ? readWord(value, vars).value : '' }];
  }
  const destination = node.childForFieldName('destination') ?? node.namedChildren[node.namedChildren.length - 1];
  const op = node.children.find((c) => c && !c.isNamed)?.type ?? '>';
  return [{ op, target: destination ? readWord(destination, vars).value : '' }];
}

export function readWord(node: Node, vars: ShellVariables): ShellWord {
  return { ...wordValue(node, vars), start: node.startIndex, end: node.endIndex };
}

/** `$NAME` or `${NAME}` (no operators) naming a known variable: its value. */
function knownExpansion(node: Node, vars: ShellVariables): string | undefined {
  const m = /^\$(?:(\w+)|\{(\w+)\})$/.exec(node.text);
  return m ? vars.get(m[1] ?? m[2]) : undefined;
}

function wordValue(node: Node, vars: ShellVariables): { value: string; dynamic: boolean } {
  switch (node.type) {
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), dynamic: false };
    case 'string': {
      const parts = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'string_content');
      if (parts.length && parts.every((c) => knownExpansion(c, vars) !== undefined)) {
        // "…$D/x…": rebuild the value with the known variables expanded.
        let rebuilt = '';
        let at = node.startIndex + 1;
        for (const c of parts) {
          rebuilt += unescapeDouble(node.text.slice(at - node.startIndex, c.startIndex - node.startIndex)) + knownExpansion(c, vars);
          at = c.endIndex;
        }
        rebuilt += unescapeDouble(node.text.slice(at - node.startIndex, -1));
        return { value: rebuilt, dynamic: false };
      }
      return { value: unescapeDouble(node.text.slice(1, -1)), dynamic: parts.length > 0 };
    }
    case 'concatenation': {
      let dynamic = false;
      let value = '';
      for (const c of node.children) {
        if (!c) continue;
        const part = wordValue(c, vars);
        dynamic ||= part.dynamic;
        value += part.value;
      }
      return { value, dynamic };
    }
    case 'word':
    case 'number':
      return { value: node.text.replace(/\\\r?\n/g, '').replace(/\\(.)/g, '$1'), dynamic: false };
    case 'simple_expansion':
    case 'expansion': {
      const known = knownExpansion(node, vars);
      return known !== undefined ? { value: known, dynamic: false } : { value: node.text, dynamic: true };
    }
    case 'command_substitution':
    case 'arithmetic_expansion':
    case 'process_substitution':
      return { value: node.text, dynamic: true };
    default:
      return { value: node.text, dynamic: node.namedChildCount > 0 };
  }
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, '$1');
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Resolve `target` against `cwd` (null = unknown; absolute targets resolve anyway). */
export function resolvePath(cwd: string | null, target: string): string | null {
  if (target.startsWith('/')) return normalizePath(target);
  if (cwd === null) return null;
  return normalizePath(`${cwd}/${target}`);
}

export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}
