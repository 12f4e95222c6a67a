/**
 * What BuildKit refuses before it builds anything, with the range it concerns. Two levels, as in
 * BuildKit itself (moby/buildkit frontend/dockerfile):
 * - `parse`: its parser (parser/parser.go, line_parsers.go, directives.go) returns an error: a
 *   repeated or invalid parser directive, a line longer than its scanner takes, `ENV`/`LABEL`
 *   without a value or `=`, a JSON array of something other than strings, an unterminated
 *   heredoc, a file with no instructions;
 * - `instruction`: its instruction parser (instructions/parse.go, bflag.go, commands_runmount.go)
 *   refuses a parsed line: an unknown instruction, an unknown or malformed builder flag, a bad
 *   `--mount`, the wrong number of arguments, an invalid stage name, a bad ONBUILD trigger …
 * Read from BuildKit's source and written here; its test files (../shared/external/buildkit-parser)
 * are the check.
 */
import type { DockerfileDocument, Instruction } from '../../../../shared/dockerfileParser';
import { goDuration } from './goParse';
import { runMountError } from './runMount';

/** Instructions BuildKit knows (instructions/parse.go), upper case. */
export const DOCKERFILE_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export interface BuildkitError {
  level: 'parse' | 'instruction';
  message: string;
  /** Document offsets. */
  start: number;
  end: number;
}

/** A problem inside one logical line: indices into that line. */
interface LineError {
  message: string;
  from: number;
  to: number;
}

/** Go's unicode.IsSpace below U+0100, by code point: a RegExp test per character was a hot spot of the cold lint. */
function isSpace(c: string): boolean {
  switch (c.charCodeAt(0)) {
    case 0x20:
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x85:
    case 0xa0:
      return true;
    default:
      return false;
  }
}

/**
 * BuildKit's extractBuilderFlags: the leading `--` words (quotes and the escape character
 * removed) and where the rest starts.
 */
export function builderFlags(
  line: string,
  from: number,
  escape: string,
): { flags: { text: string; start: number; end: number }[]; restStart: number } {
  const flags: { text: string; start: number; end: number }[] = [];
  let i = from;
  for (;;) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length || line[i] !== '-' || line[i + 1] !== '-') return { flags, restStart: i };
    const start = i;
    let word = '';
    let quote = '';
    let blankOk = false;
    for (; i < line.length; i++) {
      const c = line[i];
      if (!quote && isSpace(c)) break;
      if (!quote && (c === '"' || c === "'")) {
        quote = c;
        blankOk = true;
      } else if (quote && c === quote) quote = '';
      else if (c === escape) {
        if (i + 1 < line.length) word += line[++i];
      } else word += c;
    }
    if (word === '--') {
      while (i < line.length && isSpace(line[i])) i++;
      return { flags, restStart: i };
    }
    if (blankOk || word.length > 0) flags.push({ text: word, start, end: i });
  }
}

/**
 * BuildKit's parseWords (ENV, LABEL, ARG): white-space separated, quotes kept together, the
 * escape character keeps the next one.
 */
function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (!inWord) {
      if (isSpace(c)) continue;
      inWord = true;
    }
    if (!quote && isSpace(c)) {
      words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (quote && c === quote) quote = '';
    else if (!quote && (c === '"' || c === "'")) quote = c;
    if (c === escape && i + 1 < rest.length && quote !== "'") {
      word += c + rest[++i];
      continue;
    }
    word += c;
  }
  if (inWord) words.push(word);
  return words;
}

/** JSON array of strings, or why not: 'not-json' (shell form), 'not-strings' (an error), or the strings. */
function jsonArgs(rest: string): string[] | 'not-json' | 'not-strings' {
  const t = rest.trimStart();
  if (!t.startsWith('[')) return 'not-json';
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return 'not-json';
  }
  if (!Array.isArray(v)) return 'not-json';
  return v.every((x) => typeof x === 'string') ? (v as string[]) : 'not-strings';
}

const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';
const MAYBE_JSON = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);

/** The parser's errors for one logical line (its keyword at `at`): line_parsers.go's dispatch, ONBUILD recursing. */
function parseLineErrors(line: string, at: number, escape: string): LineError | undefined {
  let k = at;
  while (k < line.length && !isSpace(line[k])) k++;
  const keyword = line.slice(at, k).toUpperCase();
  const { restStart } = builderFlags(line, k, escape);
  const rest = line.slice(restStart).trimEnd();
  const whole = { from: restStart, to: restStart + rest.length };
  if (keyword === 'ENV' || keyword === 'LABEL') {
    const words = parseWords(rest, escape);
    if (words.length === 0) return undefined;
    if (!words[0].includes('=')) {
      return /\s/.test(rest) ? undefined : { message: `${keyword} must have two arguments`, ...whole };
    }
    const bad = words.find((w) => !w.includes('='));
    if (bad !== undefined) {
      const from = restStart + Math.max(0, rest.indexOf(bad));
      return {
        message: `Syntax error - can't find = in ${JSON.stringify(bad)}. Must be of the form: name=value`,
        from,
        to: from + bad.length,
      };
    }
    return undefined;
  }
  if (MAYBE_JSON.has(keyword) || keyword === 'HEALTHCHECK') {
    let jsonFrom = restStart;
    if (keyword === 'HEALTHCHECK') {
      const m = /^\S+\s*/.exec(rest);
      jsonFrom += m ? m[0].length : 0;
    }
    if (jsonArgs(line.slice(jsonFrom).trimEnd()) === 'not-strings')
      return { message: NOT_STRING_ARRAY, from: jsonFrom, to: whole.to };
    return undefined;
  }
  if (keyword === 'ONBUILD' && rest) return parseLineErrors(line, restStart, escape);
  return undefined;
}

/** The parser directives at the top, as BuildKit's DirectiveParser reads them: a repeat or a bad escape is an error. */
function directiveErrors(text: string): BuildkitError | undefined {
  const seen = new Set<string>();
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const raw = text.slice(pos, nl).replace(/[\r\n]+$/, '');
    const lead = raw.length - raw.replace(/^\s+/, '').length;
    const line = raw.slice(lead);
    if (!line.startsWith('#')) return undefined;
    const m = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(line.slice(1).replace(/^\s+/, ''));
    const key = m?.[1].toLowerCase();
    if (!m || !key || !['syntax', 'escape', 'check'].includes(key)) return undefined;
    const range = { start: pos + lead, end: pos + raw.length };
    if (seen.has(key)) return { level: 'parse', message: `only one ${key} parser directive can be used`, ...range };
    seen.add(key);
    if (key === 'escape' && m[2] !== '`' && m[2] !== '\\') {
      return { level: 'parse', message: `invalid escape token '${m[2]}' does not match \` or \\`, ...range };
    }
    pos = nl + 1;
  }
  return undefined;
}

/** BuildKit's scanner takes lines of up to 64 KiB (bufio.MaxScanTokenSize, the line break included). */
const MAX_LINE_BYTES = 64 * 1024 - 1;

function longLine(text: string): BuildkitError | undefined {
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: shorter lines need no count.
    if ((nl - pos) * 3 > MAX_LINE_BYTES && Buffer.byteLength(text.slice(pos, nl)) > MAX_LINE_BYTES) {
      return {
        level: 'parse',
        message: `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`,
        start: pos,
        end: nl,
      };
    }
    pos = nl + 1;
  }
  return undefined;
}

// ------------------------------------------------------------------------ instruction level

type FlagType = 'string' | 'bool' | 'strings';
const FLAGS: Record<string, Record<string, FlagType>> = {
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  COPY: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  ADD: {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    exclude: 'strings',
    unpack: 'bool',
  },
  HEALTHCHECK: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};

/** parseOptInterval: a Go duration, 0 (the default) or at least 1ms. */
function intervalError(name: string, value: string): string | undefined {
  const d = goDuration(value);
  if ('error' in d) return d.error;
  return d.ns !== 0 && d.ns < 1e6 ? `Interval ${JSON.stringify(name)} cannot be less than 1ms` : undefined;
}

/** BFlags.Parse of one instruction, and the values its commands check at parse time. */
function flagErrors(
  keyword: string,
  flags: { text: string; start: number; end: number }[],
  healthNone: boolean,
): LineError | undefined {
  const allowed = healthNone ? undefined : FLAGS[keyword];
  if (healthNone) return undefined; // HEALTHCHECK NONE does not parse its flags
  const seen = new Set<string>();
  for (const f of flags) {
    const body = f.text.slice(2);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? undefined : body.slice(eq + 1);
    const at = { from: f.start, to: f.end };
    const type = allowed?.[name];
    if (!type) return { message: `unknown flag: ${name}`, ...at };
    if (type !== 'strings' && seen.has(name)) return { message: `Duplicate flag specified: ${name}`, ...at };
    seen.add(name);
    if (type === 'bool') {
      if (value === '') return { message: `Missing a value on flag: ${name}`, ...at };
      if (value !== undefined && !/^(true|false)$/i.test(value))
        return { message: `expecting boolean value for flag ${name}, not: ${value}`, ...at };
      continue;
    }
    if (value === undefined) return { message: `Missing a value on flag: ${name}`, ...at };
    if (name === 'mount') {
      const e = runMountError(value);
      if (e) return { message: e, ...at };
    }
    if (name === 'network' && !value.includes('$') && !['default', 'none', 'host'].includes(value))
      return { message: `unsupported network mode ${JSON.stringify(value)}`, ...at };
    if (name === 'security' && !value.includes('$') && !['sandbox', 'insecure'].includes(value))
      return { message: `unsupported security mode ${JSON.stringify(value)}`, ...at };
    if (keyword === 'HEALTHCHECK' && name !== 'retries' && value !== '') {
      const e = intervalError(name, value);
      if (e) return { message: e, ...at };
    }
    if (name === 'retries' && value !== '' && !/^[-+]?\d+$/.test(value))
      return { message: `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`, ...at };
    if (name === 'retries' && Number(value) < 0)
      return { message: `--retries cannot be negative (${Number(value)})`, ...at };
  }
  return undefined;
}

/** Levenshtein distance, for BuildKit's "did you mean" on unknown instructions. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/** The instructions instructionLineErrors checks by their argument list (or its JSON form). */
const NEEDS_LIST = new Set(['EXPOSE', 'VOLUME', 'HEALTHCHECK', 'ADD', 'COPY', 'SHELL']);
const VALID_STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const splitWs = (s: string) => (s.trim() === '' ? [] : s.trim().split(/[ \t\n\v\f\r]+/));

/** instructions/parse.go for one logical line: the first error, as BuildKit stops at it. */
function instructionLineErrors(
  line: string,
  at: number,
  escape: string,
  beforeFirstFrom: boolean,
): LineError | undefined {
  let k = at;
  while (k < line.length && !isSpace(line[k])) k++;
  const keyword = line.slice(at, k).toUpperCase();
  const kw = { from: at, to: k };
  if (!DOCKERFILE_INSTRUCTIONS.has(keyword)) {
    const near = [...DOCKERFILE_INSTRUCTIONS].find((n) => distance(n, keyword) <= 2 && keyword.length > 2);
    return {
      message: `unknown instruction: ${line.slice(at, k)}${near ? ` (did you mean ${near.toLowerCase()}?)` : ''}`,
      ...kw,
    };
  }
  const { flags, restStart } = builderFlags(line, k, escape);
  const rest = line.slice(restStart).trimEnd();
  const whole = { from: restStart, to: restStart + rest.length };
  const all = { from: at, to: Math.max(k, whole.to) };
  // The argument list only for the instructions that count it: a long RUN line is never split.
  const needsList = NEEDS_LIST.has(keyword);
  const json = needsList ? jsonArgs(rest) : 'not-json';
  const list = needsList ? (json === 'not-json' || json === 'not-strings' ? splitWs(rest) : json) : [];
  const isHealthNone = keyword === 'HEALTHCHECK' && /^none$/i.test(splitWs(rest)[0] ?? '');
  if (beforeFirstFrom && keyword !== 'ARG' && keyword !== 'FROM')
    return { message: 'no build stage in current context', ...kw };
  switch (keyword) {
    case 'FROM': {
      const args = splitWs(rest);
      if (args.length === 3 && args[1].toLowerCase() === 'as') {
        if (!VALID_STAGE_NAME.test(args[2].toLowerCase())) {
          const from = restStart + rest.lastIndexOf(args[2]);
          return {
            message:
              `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or ` +
              'contain symbols',
            from,
            to: from + args[2].length,
          };
        }
      } else if (args.length !== 1) return { message: 'FROM requires either one or three arguments', ...all };
      break;
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG': {
      const words = parseWords(rest, escape);
      if (words.length === 0) return { message: `${keyword} requires at least one argument`, ...all };
      if (keyword === 'ARG' || words[0].includes('=')) {
        if (words.some((w) => w.startsWith('='))) return { message: `${keyword} names can not be blank`, ...whole };
      }
      break;
    }
    case 'MAINTAINER':
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
      if (rest === '') return { message: `${keyword} requires exactly one argument`, ...all };
      break;
    case 'EXPOSE':
    case 'VOLUME':
    case 'HEALTHCHECK':
      if (list.length === 0) return { message: `${keyword} requires at least one argument`, ...all };
      if (keyword === 'VOLUME' && list.some((v) => v.trim() === ''))
        return { message: 'VOLUME specified can not be an empty string', ...whole };
      break;
    case 'ONBUILD': {
      if (rest === '') return { message: 'ONBUILD requires at least one argument', ...all };
      const trigger = splitWs(rest)[0].toUpperCase();
      if (trigger === 'ONBUILD') return { message: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", ...whole };
      if (trigger === 'MAINTAINER' || trigger === 'FROM')
        return { message: `${trigger} isn't allowed as an ONBUILD trigger`, ...whole };
      break;
    }
    case 'ADD':
    case 'COPY':
      if (list.length < 2)
        return {
          message:
            `${keyword} requires at least two arguments, but only one was provided. Destination could not be ` +
            'determined',
          ...all,
        };
      if (json === 'not-json' && /^\d*<<-?\s*[^<]+$/.test(list[list.length - 1]))
        return { message: `${keyword} cannot accept a heredoc as a destination`, ...whole };
      break;
    case 'SHELL':
      if (list.length === 0) return { message: 'SHELL requires at least one argument', ...all };
      if (json === 'not-json') return { message: 'SHELL requires the arguments to be in JSON form', ...whole };
      break;
  }
  if (keyword === 'HEALTHCHECK' && !isHealthNone) {
    const type = splitWs(rest)[0].toUpperCase();
    if (type !== 'CMD') return { message: `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`, ...whole };
    if (splitWs(rest).length < 2 || rest.replace(/^\S+\s*/, '').replace(/\s/g, '') === '[]')
      return { message: 'Missing command after HEALTHCHECK CMD', ...whole };
  }
  if (isHealthNone && splitWs(rest).length > 1) return { message: 'HEALTHCHECK NONE takes no arguments', ...whole };
  return flagErrors(keyword, flags, isHealthNone);
}

/** Every error BuildKit would stop at, one per instruction at most, in document order. */
export function buildkitErrors(doc: DockerfileDocument): BuildkitError[] {
  const text = doc.text;
  const escape = doc.escapeChar;
  const out: BuildkitError[] = [];
  const directive = directiveErrors(text);
  if (directive) out.push(directive);
  const long = longLine(text);
  if (long) out.push(long);
  if (doc.instructions.length === 0) {
    const firstLineEnd = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
    out.push({ level: 'parse', message: 'file with no instructions', start: 0, end: firstLineEnd });
    return out;
  }
  let seenFrom = false;
  for (const ins of doc.instructions) {
    const problem = instructionErrors(ins, escape, !seenFrom);
    if (ins.keyword === 'FROM') seenFrom = true;
    if (problem) out.push(problem);
  }
  return out;
}

function instructionErrors(ins: Instruction, escape: string, beforeFirstFrom: boolean): BuildkitError | undefined {
  const line = ins.logicalText;
  const at = (e: LineError, level: BuildkitError['level']): BuildkitError => {
    const from = Math.min(e.from, line.length);
    const to = Math.max(from, Math.min(e.to, line.length));
    return {
      level,
      message: e.message,
      start: ins.docOffset(from),
      end: to > from ? ins.docEnd(to) : ins.docOffset(from),
    };
  };
  const errors = lineErrors(line, escape, beforeFirstFrom);
  if (errors.parse) return at(errors.parse, 'parse');
  const open = ins.heredocs.find((h) => !h.terminated);
  if (open)
    return {
      level: 'parse',
      message: `unterminated heredoc (no line "${open.name}" ends it)`,
      start: ins.start,
      end: ins.end,
    };
  return errors.instruction ? at(errors.instruction, 'instruction') : undefined;
}

/**
 * A logical line's errors depend on its text, the escape character and whether a FROM came
 * before, nothing else: kept by those, so a keystroke re-reads only the instruction it changed
 * (the check of every instruction was a quarter of the keystroke lint of a 200-line file).
 */
type LineErrors = { parse?: LineError; instruction?: LineError };
/** By escape character and before-FROM, then by line: one key of all three copied and hashed each line again. */
const lineErrorCaches = new Map<string, Map<string, LineErrors>>();
const LINE_ERROR_CACHE_LIMIT = 4000;

function lineErrors(
  line: string,
  escape: string,
  beforeFirstFrom: boolean,
): { parse?: LineError; instruction?: LineError } {
  const context = beforeFirstFrom ? escape + '1' : escape;
  let lineErrorCache = lineErrorCaches.get(context);
  if (!lineErrorCache) lineErrorCaches.set(context, (lineErrorCache = new Map()));
  let hit = lineErrorCache.get(line);
  if (!hit) {
    const parse = parseLineErrors(line, 0, escape);
    const instruction = parse ? undefined : instructionLineErrors(line, 0, escape, beforeFirstFrom);
    hit = { ...(parse ? { parse } : {}), ...(instruction ? { instruction } : {}) };
    if (lineErrorCache.size >= LINE_ERROR_CACHE_LIMIT)
      lineErrorCache.delete(lineErrorCache.keys().next().value as string);
    lineErrorCache.set(line, hit);
  }
  return hit;
}

/** Forget every kept line result (benchmarks measure the first reading of a file with it). */
export function clearLineErrorCache(): void {
  lineErrorCaches.clear();
}
