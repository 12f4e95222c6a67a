/**
 * Reads any shell script with tree-sitter-bash: walks the syntax tree into the simple commands
 * it runs, with the working directory (`cd` tracking, subshells keep their own), the enclosing
 * `for` loop, `[ $i = x ] ||` guards, redirections and heredocs, and the commands that feed it
 * through a pipe (for `xargs`).
 */
import { shellParser } from './bashParser';
import { flattenTree, typeName, type FlatTree } from './tree';
import {
  basename,
  resolvePath,
  stripCommandPrefixes,
  type ForLoop,
  type ParsedScript,
  type ShellCommand,
  type ShellRedirect,
  type ShellVariables,
  type ShellWord,
  unescapeDouble,
} from './shellCommand';

interface WalkState {
  cwd: string | null;
  /** Known variables: the image's ENV/ARG plus plain assignments earlier in the script. */
  vars: ShellVariables;
  loop?: ForLoop;
  guardExcludes: string[];
  pipedFrom: ShellCommand[];
  onFailureOnly: boolean;
}

/** `cwd`: the directory the script starts in (the image's WORKDIR), null when unknown. */
export function parseWithTreeSitter(
  script: string,
  vars: ShellVariables = new Map(),
  cwd: string | null = null,
): ParsedScript {
  const tree = shellParser().parse(script);
  if (!tree) return { commands: [], hasError: true };
  let t: FlatTree;
  try {
    t = flattenTree(tree, script);
  } finally {
    tree.delete();
  }
  const commands: ShellCommand[] = [];
  const state: WalkState = { cwd, vars, guardExcludes: [], pipedFrom: [], onFailureOnly: false };
  walk(t, 0, state, commands);
  return { commands, hasError: t.hasError };
}

// Nodes are indices into the FlatTree (0 is the root). These mirror web-tree-sitter's Node API.

function text(t: FlatTree, n: number): string {
  return t.text.slice(t.start[n], t.end[n]);
}

function namedChildren(t: FlatTree, n: number): number[] {
  const out: number[] = [];
  for (let c = t.first[n]; c >= 0; c = t.next[c]) if (t.named[c]) out.push(c);
  return out;
}

function children(t: FlatTree, n: number): number[] {
  const out: number[] = [];
  for (let c = t.first[n]; c >= 0; c = t.next[c]) out.push(c);
  return out;
}

function childForField(t: FlatTree, n: number, name: string): number {
  const id = t.fieldId(name);
  if (id === 0) return -1;
  for (let c = t.first[n]; c >= 0; c = t.next[c]) if (t.field[c] === id) return c;
  return -1;
}

function childrenForField(t: FlatTree, n: number, name: string): number[] {
  const id = t.fieldId(name);
  const out: number[] = [];
  if (id === 0) return out;
  for (let c = t.first[n]; c >= 0; c = t.next[c]) if (t.field[c] === id) out.push(c);
  return out;
}

function walk(t: FlatTree, node: number, state: WalkState, out: ShellCommand[]): void {
  switch (typeName(t, node)) {
    case 'command':
      emitCommand(t, node, [], state, out);
      return;
    case 'redirected_statement': {
      const body = childForField(t, node, 'body');
      const redirects = namedChildren(t, node)
        .filter((c) => c !== body)
        .flatMap((c) => readRedirect(t, c, state.vars));
      if (body >= 0 && typeName(t, body) === 'command') {
        emitCommand(t, body, redirects, state, out);
      } else if (body >= 0) {
        // tree-sitter-bash reads `a && b > f` as (a && b) > f: the redirect belongs to b.
        const before = out.length;
        walk(t, body, state, out);
        if (out.length > before) out[out.length - 1].redirects.push(...redirects);
      }
      return;
    }
    case 'subshell': {
      const inner: WalkState = { ...state, guardExcludes: [] };
      for (let c = t.first[node]; c >= 0; c = t.next[c]) if (t.named[c]) walk(t, c, inner, out);
      return;
    }
    case 'list':
      walkList(t, node, state, out);
      return;
    case 'pipeline': {
      const stages: ShellCommand[] = [];
      for (let c = t.first[node]; c >= 0; c = t.next[c]) {
        if (!t.named[c]) continue;
        const before = out.length;
        walk(t, c, { ...state, pipedFrom: [...stages] }, out);
        stages.push(...out.slice(before));
      }
      return;
    }
    case 'for_statement': {
      const v = childForField(t, node, 'variable');
      const variable = v >= 0 ? text(t, v) : '';
      const values = childrenForField(t, node, 'value').map((c) => readWord(t, c, state.vars));
      const body = childForField(t, node, 'body');
      if (body >= 0) walk(t, body, { ...state, loop: { variable, values, cwd: state.cwd } }, out);
      return;
    }
    case 'variable_assignment':
      assign(t, node, state);
      return;
    case 'declaration_command':
      // `export D=/x`, `local`, `readonly`: the assignments count like plain ones.
      for (let c = t.first[node]; c >= 0; c = t.next[c])
        if (t.named[c] && typeName(t, c) === 'variable_assignment') assign(t, c, state);
      return;
    case 'heredoc_body':
    case 'comment':
      return;
    default:
      for (let c = t.first[node]; c >= 0; c = t.next[c]) if (t.named[c]) walk(t, c, state, out);
  }
}

/**
 * `a && b || c ; d`: commands share the working directory; the right side of `||` runs only
 * when the left failed, and `[ $i = x ] || rm $i` excludes x from the loop's removals.
 */
function walkList(t: FlatTree, node: number, state: WalkState, out: ShellCommand[]): void {
  let previous = -1;
  let operator = '';
  for (let child = t.first[node]; child >= 0; child = t.next[child]) {
    if (!t.named[child]) {
      operator = typeName(t, child);
      continue;
    }
    if (typeName(t, child) === 'comment') continue;
    if (previous >= 0 && operator === '||') {
      const guard = guardExclusion(t, previous, state.loop);
      const failureOnly = !guard;
      walk(
        t,
        child,
        {
          ...state,
          guardExcludes: guard ? [...state.guardExcludes, guard] : state.guardExcludes,
          onFailureOnly: state.onFailureOnly || failureOnly,
        },
        out,
      );
      // cd inside a failure branch does not move the main line.
    } else {
      walk(t, child, state, out);
    }
    previous = child;
    operator = '';
  }
}

/** `[ $i == name ]` / `[ "$i" = "name" ]` / `test $i = name` inside `for i in …`: returns name. */
function guardExclusion(t: FlatTree, node: number, loop: ForLoop | undefined): string | undefined {
  if (!loop) return undefined;
  const s = text(t, node).replace(/["']/g, '');
  const m = /^(?:\[\[?|test)\s+\$\{?(\w+)\}?\s*==?\s*(\S+?)\s*\]?\]?$/.exec(s.trim());
  if (m && m[1] === loop.variable) return m[2];
  return undefined;
}

function emitCommand(
  t: FlatTree,
  node: number,
  redirects: ShellRedirect[],
  state: WalkState,
  out: ShellCommand[],
): void {
  const words: ShellWord[] = [];
  for (let c = t.first[node]; c >= 0; c = t.next[c]) {
    if (!t.named[c]) continue;
    const type = typeName(t, c);
    if (type === 'variable_assignment' || type === 'comment') continue;
    if (type === 'file_redirect' || type === 'herestring_redirect' || type === 'heredoc_redirect') {
      redirects.push(...readRedirect(t, c, state.vars));
      continue;
    }
    if (type === 'command_name') {
      const inner = namedChildren(t, c)[0];
      words.push(readWord(t, inner ?? c, state.vars));
      continue;
    }
    words.push(readWord(t, c, state.vars));
  }
  const stripped = stripCommandPrefixes(words);
  if (stripped.length === 0) return;
  const command: ShellCommand = {
    words: stripped,
    name: basename(stripped[0].value),
    cwd: state.cwd,
    start: t.start[node],
    end: t.end[node],
    loop: state.loop,
    guardExcludes: state.guardExcludes,
    redirects,
    pipedFrom: state.pipedFrom,
    onFailureOnly: state.onFailureOnly,
  };
  out.push(command);
  if (command.name === 'cd' && !state.onFailureOnly) {
    const target = stripped[1];
    state.cwd = target && !target.dynamic ? resolvePath(state.cwd, target.value) : target ? null : '/root';
  }
}

/** `NAME=value` at statement level: later words see the value when it is static. */
function assign(t: FlatTree, node: number, state: WalkState): void {
  const n = childForField(t, node, 'name');
  const name = n >= 0 ? text(t, n) : undefined;
  const valueNode = childForField(t, node, 'value');
  if (!name) return;
  const vars = new Map(state.vars);
  const value = valueNode >= 0 ? readWord(t, valueNode, state.vars) : { value: '', dynamic: false };
  if (value.dynamic || state.onFailureOnly) vars.delete(name);
  else vars.set(name, value.value);
  state.vars = vars;
}

function readRedirect(t: FlatTree, node: number, vars: ShellVariables): ShellRedirect[] {
  const type = typeName(t, node);
  if (type === 'heredoc_redirect') {
    const named = namedChildren(t, node);
    const body = named.find((c) => typeName(t, c) === 'heredoc_body');
    // `cat <<EOF > file`: the file redirect is a child of the heredoc redirect.
    const nested = named.filter((c) => typeName(t, c) === 'file_redirect').flatMap((c) => readRedirect(t, c, vars));
    return [{ op: '<<', target: '', body: body !== undefined ? text(t, body) : '' }, ...nested];
  }
  if (type === 'herestring_redirect') {
    const named = namedChildren(t, node);
    const value = named[named.length - 1];
    return [{ op: '<<<', target: '', body: value !== undefined ? readWord(t, value, vars).value : '' }];
  }
  const field = childForField(t, node, 'destination');
  const named = field >= 0 ? [] : namedChildren(t, node);
  const destination = field >= 0 ? field : named[named.length - 1];
  const op = children(t, node).find((c) => !t.named[c]);
  return [
    {
      op: op !== undefined ? typeName(t, op) : '>',
      target: destination !== undefined ? readWord(t, destination, vars).value : '',
    },
  ];
}

function readWord(t: FlatTree, node: number, vars: ShellVariables): ShellWord {
  const type = typeName(t, node);
  if (type === 'word' || type === 'number')
    return { value: plainWord(text(t, node)), dynamic: false, start: t.start[node], end: t.end[node] };
  const w = wordValue(t, node, vars);
  return { value: w.value, dynamic: w.dynamic, start: t.start[node], end: t.end[node] };
}

/** An unquoted word's value: backslash-newlines dropped, backslash escapes resolved. */
function plainWord(s: string): string {
  return s.includes('\\') ? s.replace(/\\\r?\n/g, '').replace(/\\(.)/g, '$1') : s;
}

const EXPANSION = /^\$(?:(\w+)|\{(\w+)\})$/;

/** `$NAME` or `${NAME}` (no operators) naming a known variable: its value. */
function knownExpansion(t: FlatTree, node: number, vars: ShellVariables): string | undefined {
  const m = EXPANSION.exec(text(t, node));
  return m ? vars.get(m[1] ?? m[2]) : undefined;
}

function wordValue(t: FlatTree, node: number, vars: ShellVariables): { value: string; dynamic: boolean } {
  switch (typeName(t, node)) {
    case 'raw_string':
      return { value: text(t, node).slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: text(t, node).slice(2, -1), dynamic: false };
    case 'string': {
      const parts = namedChildren(t, node).filter((c) => typeName(t, c) !== 'string_content');
      const s = text(t, node);
      const base = t.start[node];
      if (parts.length && parts.every((c) => knownExpansion(t, c, vars) !== undefined)) {
        // "…$D/x…": rebuild the value with the known variables expanded.
        let rebuilt = '';
        let at = base + 1;
        for (const c of parts) {
          rebuilt += unescapeDouble(s.slice(at - base, t.start[c] - base)) + knownExpansion(t, c, vars);
          at = t.end[c];
        }
        rebuilt += unescapeDouble(s.slice(at - base, -1));
        return { value: rebuilt, dynamic: false };
      }
      return { value: unescapeDouble(s.slice(1, -1)), dynamic: parts.length > 0 };
    }
    case 'concatenation': {
      let dynamic = false;
      let value = '';
      for (let c = t.first[node]; c >= 0; c = t.next[c]) {
        const part = wordValue(t, c, vars);
        dynamic ||= part.dynamic;
        value += part.value;
      }
      return { value, dynamic };
    }
    case 'word':
    case 'number':
      return { value: plainWord(text(t, node)), dynamic: false };
    case 'simple_expansion':
    case 'expansion': {
      const known = knownExpansion(t, node, vars);
      return known !== undefined ? { value: known, dynamic: false } : { value: text(t, node), dynamic: true };
    }
    case 'command_substitution':
    case 'arithmetic_expansion':
    case 'process_substitution':
      return { value: text(t, node), dynamic: true };
    default: {
      let namedCount = 0;
      for (let c = t.first[node]; c >= 0; c = t.next[c]) if (t.named[c]) namedCount++;
      return { value: text(t, node), dynamic: namedCount > 0 };
    }
  }
}
