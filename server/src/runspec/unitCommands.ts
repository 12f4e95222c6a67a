/**
 * The container commands a systemd unit runs: every Exec line (ExecStart=, ExecStartPre= …) split
 * as systemd splits it, and also the commands inside a `sh -c '…'` / `bash -c "…"` wrapper
 * (through the shell parser), each parsed as a docker/podman/compose invocation with ranges in
 * the unit file.
 */
import type { Range } from '../core/types';
import { parseScript } from '../shell/script';
import type { ShellWord } from '../shell/shellCommand';
import {
  execWordOffsets,
  splitExecLine,
  unitEnvironment,
  type ExecCommand,
  type ExecWord,
  type UnitEntry,
  type UnitFile,
} from '../kinds/unit/unitFile';
import { parseInvocation, type Arg, type Invocation } from './commandLine';

export const EXEC_KEYS = [
  'ExecCondition',
  'ExecStartPre',
  'ExecStart',
  'ExecStartPost',
  'ExecReload',
  'ExecStop',
  'ExecStopPost',
] as const;
export type ExecKey = (typeof EXEC_KEYS)[number];

export interface UnitContainerCommand {
  entry: UnitEntry;
  key: ExecKey;
  exec: ExecCommand;
  invocation: Invocation;
  /** Inside a `sh -c` script. */
  shell: boolean;
  /** Runs only when an earlier command of the same script failed (`docker inspect x || docker run …`). */
  conditional: boolean;
  /** The command's words. */
  range: Range;
}

const EXEC_KEY_SET: ReadonlySet<string> = new Set(EXEC_KEYS);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const C_OPTION = /^-[a-zA-Z]*c[a-zA-Z]*$/;
const LONE_EXPANSION = /^\$(\w+|\{\w+\})$/;

function toArg(w: ExecWord): Arg {
  return { value: w.value, range: w.range, dynamic: w.dynamic || undefined, splat: w.splat || undefined };
}

/**
 * The commands of Exec lines read at earlier lints, by where the line is and what it says: on the
 * keystroke path only the edited line is split and parsed again. Their ranges are the line's, so
 * the key holds its first line number and its lines as written (the value's offsets map through
 * them), and the variables it mentions.
 */
const entryCache = new Map<string, UnitContainerCommand[]>();
const ENTRY_CACHE_LIMIT = 2000;

/** Forget the Exec lines read so far (tests compare a lint with warm caches to a cold one). */
export function clearUnitCommandCache(): void {
  entryCache.clear();
}

/** Every docker/podman/compose command in the unit's Exec lines (in [Service]), in file order. */
export function unitContainerCommands(unit: UnitFile): UnitContainerCommand[] {
  let env: Map<string, string> | undefined;
  const out: UnitContainerCommand[] = [];
  for (const entry of unit.entries) {
    if (entry.section !== 'Service' || !EXEC_KEY_SET.has(entry.key) || entry.value === '') continue;
    env ??= unitEnvironment(unit);
    const cacheKey = entryCacheKey(unit, entry, env);
    let commands = entryCache.get(cacheKey);
    if (commands) {
      entryCache.delete(cacheKey); // most recently used last
    } else {
      commands = entryCommands(entry, env);
      if (entryCache.size >= ENTRY_CACHE_LIMIT) entryCache.delete(entryCache.keys().next().value as string);
    }
    entryCache.set(cacheKey, commands);
    // The cached commands with this parse's entry (the rules' edits and pragma lines use it).
    for (const command of commands) out.push(command.entry === entry ? command : { ...command, entry });
  }
  return out;
}

function entryCacheKey(unit: UnitFile, entry: UnitEntry, env: ReadonlyMap<string, string>): string {
  let key = `${entry.key}\0${entry.firstLine}`;
  for (let line = entry.firstLine; line <= entry.lastLine; line++) key += `\0${unit.lines.lineText(line)}`;
  if (entry.value.includes('$')) for (const [name, value] of env) key += `\0${name}=${value}`;
  return key;
}

/** The container commands of one Exec line. */
function entryCommands(entry: UnitEntry, env: ReadonlyMap<string, string>): UnitContainerCommand[] {
  const key = entry.key as ExecKey;
  const exec = splitExecLine(entry, env);
  if (exec.words.length === 0) return [];
  const direct = parseInvocation(exec.words.map(toArg));
  if (direct)
    return [{ entry, key, exec, invocation: direct, shell: false, conditional: false, range: spanOf(exec.words) }];
  const script = shellScript(exec.words);
  if (!script || !mayNameContainerTool(script.value)) return [];
  const offsets = execWordOffsets(entry, script);
  const commands = parseScript(script.value).commands;
  const out: UnitContainerCommand[] = [];
  for (const command of commands) {
    const args = command.words.map((w) => shellArg(w, script, offsets, entry));
    const invocation = parseInvocation(args);
    if (invocation)
      out.push({ entry, key, exec, invocation, shell: true, conditional: command.onFailureOnly, range: spanOf(args) });
  }
  return out;
}

/**
 * Whether a script can hold a docker/podman/compose command at all, before paying for the shell
 * parser: every program name parseInvocation knows contains "docker" or "podman", and a shell
 * word's value is its text less quotes, backslashes and line breaks (`do"ck"er`, `$'pod'man`,
 * `dock\<newline>er`), so a script whose text has neither without them runs none.
 */
function mayNameContainerTool(script: string): boolean {
  return CONTAINER_TOOL.test(script) || CONTAINER_TOOL.test(script.replace(/["'\\$\r\n]/g, ''));
}

const CONTAINER_TOOL = /docker|podman/;

/** The script word of `sh -c SCRIPT` (`-c` may be clustered: `-ec`, `-xc`). */
function shellScript(words: ExecWord[]): ExecWord | undefined {
  const name = words[0].value.slice(words[0].value.lastIndexOf('/') + 1);
  if (!SHELLS.has(name)) return undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i].value;
    if (!w.startsWith('-')) return undefined;
    if (C_OPTION.test(w)) return words[i + 1];
  }
  return undefined;
}

/** A word of the inner script, with its range in the unit file (the whole script's range when the mapping is lost). */
function shellArg(w: ShellWord, script: ExecWord, offsets: number[] | undefined, entry: UnitEntry): Arg {
  let range = script.range;
  if (offsets && w.end > w.start && w.end <= offsets.length) {
    range = entry.rangeOf(offsets[w.start], offsets[w.end - 1] + 1);
  }
  const splat = w.dynamic && LONE_EXPANSION.test(w.value);
  return { value: w.value, range, dynamic: w.dynamic || script.dynamic || undefined, splat: splat || undefined };
}

/** From the first word's start to the last word's end. */
function spanOf(words: { range: Range }[]): Range {
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}
