/**
 * The image a Dockerfile builds, seen from systemd's side. Reads the file with parser.ts (a
 * linear reader that follows BuildKit's parser), picks the target stage (the last one unless named), follows its
 * ancestry (`FROM stage`, and
 * `FROM scratch` + `COPY --from=stage / /`), and reads every instruction of that chain into
 * steps: RUN bodies through the shell parser, ENV/STOPSIGNAL/CMD/ENTRYPOINT/VOLUME/SHELL.
 */
import { clearLineErrorCache } from './buildkitErrors';
import { LineIndex } from '../../../../shared/text';
import {
  parseDockerfileText,
  unquote,
  type DockerfileDocument,
  type Instruction,
} from '../../../../shared/dockerfileParser';
import type { Range } from '../../core/types';
import { describeBaseImage, type BaseImageInfo } from './baseImages';
import { parseScript } from '../../shell/script';
import { resolvePath, type ShellCommand, type ShellVariables } from '../../shell/shellCommand';
import { scriptEffects, type ScriptEffects } from '../../shell/effects';

export interface CommandSpec {
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings. Shell form: the text split on white space (for display). */
  args: string[];
  /** Shell form: the raw text after the keyword. */
  text: string;
  range: Range;
  keyword: 'CMD' | 'ENTRYPOINT';
  /** Parsed commands of a shell-form (or `sh -c`) command, for wrapper analysis. */
  commands: ShellCommand[];
  /** The instruction comes from this file (not inherited from the base image's metadata). */
  inStage: number;
  /** WORKDIR in force, against which a relative executable path resolves (null: unknown). */
  workdir: string | null;
}

export interface RunStep {
  /** Document offset where the shell text starts. */
  scriptStart: number;
  script: string;
  commands: ShellCommand[];
  effects: ScriptEffects;
  hasError: boolean;
  /** The SHELL in force (default `/bin/sh -c`). */
  shell: string[];
  /** WORKDIR in force when the step runs (null: unknown). */
  workdir: string | null;
}

export interface Step {
  keyword: string;
  range: Range;
  stageIndex: number;
  /** The instruction as parser.ts reads it: flags, words, JSON strings, properties, heredocs. */
  parsed: Instruction;
  run?: RunStep;
}

export interface Stage {
  index: number;
  name: string | null;
  /** The FROM instruction (`getRange()`, `getImageRange()` as dockerfile-ast's From has them). */
  from: Instruction;
  /** FROM's image reference with ARG defaults substituted (null: an ARG without default). */
  reference: string | null;
  /** Index of the stage this one builds on (FROM stage, or scratch + COPY --from=stage / /). */
  parentStage: number | null;
  instructions: Instruction[];
}

export interface ImageModel {
  text: string;
  /** The parsed file (directives, escape character, every instruction). */
  document: DockerfileDocument;
  lines: LineIndex;
  /** Every instruction of the file, in order (all stages, and ARGs before the first FROM). */
  instructions: Instruction[];
  stages: Stage[];
  target: Stage;
  /** Stages from the root (external base) to the target. */
  chain: Stage[];
  base: BaseImageInfo;
  steps: Step[];
  env: Map<string, { value: string; range: Range }>;
  stopSignal?: { value: string; range: Range };
  cmd?: CommandSpec;
  entrypoint?: CommandSpec;
  volumes: { path: string; range: Range }[];
  escapeChar: string;
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

interface RunAnalysis {
  commands: ShellCommand[];
  effects: ScriptEffects;
  hasError: boolean;
  remembers?: boolean;
}

/**
 * Cache of parsed RUN bodies: on the keystroke path only the edited RUN is re-parsed. Kept by
 * the script, then by what else its reading depends on (contextKey): a key of script + context
 * would copy and hash the whole script again at every lookup.
 */
const runCache = new Map<string, Map<string, RunAnalysis>>();
const RUN_CACHE_LIMIT = 2000;

function analyseScript(script: string, vars: ShellVariables, cwd: string | null = null) {
  const context = contextKey(script, vars, cwd);
  let readings = runCache.get(script);
  let hit = readings?.get(context);
  if (!hit) {
    const parsed = parseScript(script, vars, cwd);
    hit = { commands: parsed.commands, effects: scriptEffects(parsed.commands), hasError: parsed.hasError };
  } else if (!hit.remembers) {
    // Read again: from now on its removals keep their answers (a first reading asks each path once anyway).
    hit = { ...hit, effects: rememberCovers(hit.effects), remembers: true };
  }
  if (readings)
    runCache.delete(script); // refresh recency
  else if (runCache.size >= RUN_CACHE_LIMIT) runCache.delete(runCache.keys().next().value as string);
  readings ??= new Map();
  // A script read in many contexts (an ENV value edited key by key): keep the recent few.
  if (readings.size >= 16 && !readings.has(context)) readings.clear();
  readings.set(context, hit);
  runCache.set(script, readings);
  return { commands: hit.commands, effects: hit.effects, hasError: hit.hasError };
}

/**
 * A cached RUN's removals are asked about the same paths at every lint (the wants links, the
 * units rules look for): each answer is kept with the removal, so a keystroke elsewhere in the
 * file asks no glob again. Only for a RUN read a second time: a file's first lint pays no memo.
 */
function rememberCovers(effects: ScriptEffects): ScriptEffects {
  const removals = effects.removals.map((r) => {
    const answers = new Map<string, boolean>();
    const covers = (path: string): boolean => {
      let answer = answers.get(path);
      if (answer === undefined) answers.set(path, (answer = r.covers(path)));
      return answer;
    };
    return { ...r, covers };
  });
  return { ...effects, removals };
}

/** Forget every cached RUN analysis and BuildKit line check (benchmarks measure the uncached path with it). */
export function clearRunCache(): void {
  runCache.clear();
  clearLineErrorCache();
}

/** Besides the script, what its analysis depends on: the values of the variables it mentions, the start directory. */
function contextKey(script: string, vars: ShellVariables, cwd: string | null): string {
  let key = cwd === null ? '' : `\0cwd=${cwd}`;
  if (vars.size === 0 || !script.includes('$')) return key;
  for (const [name, value] of vars) if (script.includes(name)) key += `\0${name}=${value}`;
  return key;
}

export function substituteArgs(value: string, args: Map<string, string | null>): string | null {
  let unresolved = false;
  const out = value.replace(
    /\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)/g,
    (_m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const v = args.get(name);
      if (v !== undefined && v !== null) return v;
      if (dflt !== undefined) return dflt;
      unresolved = true;
      return '';
    },
  );
  return unresolved ? null : out;
}

/** A step of the chain: the parsed instruction, its range computed on first use. */
class ChainStep implements Step {
  run?: RunStep;
  private rangeCache?: Range;

  constructor(
    readonly parsed: Instruction,
    readonly stageIndex: number,
  ) {}

  get keyword(): string {
    return this.parsed.keyword;
  }

  get range(): Range {
    return (this.rangeCache ??= this.parsed.range);
  }

  set range(r: Range) {
    this.rangeCache = r;
  }
}

/** A Dockerfile read into stages, before any stage is modelled as an image. */
interface StagedFile {
  text: string;
  lines: LineIndex;
  doc: DockerfileDocument;
  stages: Stage[];
  globalArgs: Map<string, string | null>;
}

export function parseDockerfile(text: string, targetName?: string): ImageModel {
  const file = readStages(text);
  let target = file.stages[file.stages.length - 1];
  if (targetName) {
    const named = file.stages.find((s) => s.name?.toLowerCase() === targetName.toLowerCase());
    if (!named) throw new Error(`no build stage named "${targetName}"`);
    target = named;
  }
  return modelOf(file, target);
}

/**
 * One model per image the file makes: every stage that no other stage builds on (the last one,
 * and middle stages such as a `--target systemd-test` or a builder), each with its ancestry.
 * Stages that are only parents are judged through their children.
 */
export function parseDockerfileImages(text: string): ImageModel[] {
  const file = readStages(text);
  if (file.stages.length === 0) return [modelOf(file, undefined)];
  const parents = new Set(file.stages.map((s) => s.parentStage).filter((p): p is number => p !== null));
  return file.stages.filter((s) => !parents.has(s.index)).map((s) => modelOf(file, s));
}

/** How findings name a stage: its name, or its position (`stage 2`). */
export function stageLabel(stage: Stage): string {
  return stage.name !== null ? `"${stage.name}"` : String(stage.index + 1);
}

function readStages(text: string): StagedFile {
  const lines = new LineIndex(text);
  const doc = parseDockerfileText(text, lines);
  const escapeChar = doc.escapeChar;

  // ARGs before the first FROM: the global build arguments FROM lines may use.
  const globalArgs = new Map<string, string | null>();
  const stages: Stage[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword === 'FROM') {
      const index = stages.length;
      const args = ins.args;
      const image = args[0] ? unquote(args[0].raw, escapeChar) : null;
      const name = args.length > 2 && args[1].raw.toUpperCase() === 'AS' ? args[2].raw : null;
      const reference = image === null ? null : substituteArgs(image, globalArgs);
      const parentByName =
        reference === null
          ? -1
          : stages.findIndex((s) => s.name !== null && s.name.toLowerCase() === reference.toLowerCase());
      stages.push({
        index,
        name,
        from: ins,
        reference,
        parentStage: parentByName >= 0 ? parentByName : null,
        instructions: [],
      });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(ins);
    } else if (ins.keyword === 'ARG') {
      for (const p of ins.properties) globalArgs.set(p.name, p.value);
    }
  }
  // `FROM scratch` + `COPY --from=X / /` inherits X's whole filesystem.
  for (const s of stages) {
    if (s.parentStage !== null || s.reference?.toLowerCase() !== 'scratch') continue;
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const fromFlag = ins.flag('from')?.value;
      const args = ins.json ? ins.json.map((j) => j.value) : ins.args.map((a) => unquote(a.raw, escapeChar));
      if (fromFlag && args[0] === '/') {
        const parent = stages.findIndex(
          (p) =>
            p.index < s.index && (p.name?.toLowerCase() === fromFlag.toLowerCase() || String(p.index) === fromFlag),
        );
        if (parent >= 0) s.parentStage = parent;
      }
    }
  }

  return { text, lines, doc, stages, globalArgs };
}

function modelOf(file: StagedFile, target: Stage | undefined): ImageModel {
  const { text, lines, doc, stages, globalArgs } = file;
  const escapeChar = doc.escapeChar;
  const chain: Stage[] = [];
  for (let s: Stage | undefined = target; s; s = s.parentStage !== null ? stages[s.parentStage] : undefined) {
    if (chain.includes(s)) break;
    chain.unshift(s);
  }

  const model: ImageModel = {
    text,
    document: doc,
    lines,
    instructions: doc.instructions,
    stages,
    target: target ?? emptyStage(doc),
    chain,
    base: describeBaseImage(chain[0]?.reference ?? null),
    steps: [],
    env: new Map(),
    volumes: [],
    escapeChar,
  };
  if (!target) return model;

  let shell = DEFAULT_SHELL;
  // Docker starts in / unless the base image set a WORKDIR: known for distribution bases only.
  let workdir: string | null = model.base.family !== 'unknown' || model.base.scratch ? '/' : null;
  // What RUN's shell sees: ENV (inherited along the chain) and this stage's ARG defaults.
  const envValues = new Map<string, string>();
  let vars: Map<string, string>;
  for (const stage of chain) {
    // `FROM stage` keeps the parent's metadata; `FROM scratch` + `COPY --from` keeps files only.
    if (stage !== chain[0] && stage.reference?.toLowerCase() === 'scratch') {
      model.env.clear();
      envValues.clear();
      model.stopSignal = undefined;
      model.cmd = undefined;
      model.entrypoint = undefined;
      model.volumes = [];
    }
    vars = new Map(envValues);
    for (const instruction of stage.instructions) {
      const keyword = instruction.keyword;
      const step = new ChainStep(instruction, stage.index);
      switch (keyword) {
        case 'RUN':
          step.run = readRun(instruction, text, escapeChar, shell, vars, workdir);
          break;
        case 'ENV':
          for (const p of instruction.properties) {
            const raw = p.value ?? '';
            model.env.set(p.name, { value: raw, range: doc.range(p.start, p.end) });
            const value = substituteArgs(raw, vars);
            for (const m of [vars, envValues]) {
              if (value === null) m.delete(p.name);
              else m.set(p.name, value);
            }
          }
          break;
        case 'ARG':
          // An ARG's default (or the global one it re-declares); ENV of the same name wins.
          for (const p of instruction.properties) {
            const name = p.name;
            if (model.env.has(name)) continue;
            const value = p.value ?? globalArgs.get(name) ?? null;
            const resolved = value === null ? null : substituteArgs(value, vars);
            if (resolved === null) vars.delete(name);
            else vars.set(name, resolved);
          }
          break;
        case 'STOPSIGNAL': {
          const arg = instruction.args[0];
          if (arg) model.stopSignal = { value: unquote(arg.raw, escapeChar), range: step.range };
          break;
        }
        case 'CMD':
        case 'ENTRYPOINT': {
          // ARGs are build-time only
          const spec = readCommand(instruction, keyword, stage.index, step.range, envValues, workdir);
          if (keyword === 'CMD') model.cmd = spec;
          else {
            model.entrypoint = spec;
            // Setting ENTRYPOINT resets an inherited CMD (Docker semantics) unless CMD follows.
            if (model.cmd && model.cmd.inStage !== stage.index) model.cmd = undefined;
          }
          break;
        }
        case 'VOLUME': {
          const json = instruction.json;
          const paths = json ? json.map((j) => j.value) : instruction.args.map((a) => unquote(a.raw, escapeChar));
          for (const path of paths) model.volumes.push({ path, range: step.range });
          break;
        }
        case 'WORKDIR': {
          const arg = instruction.args[0];
          const dir = arg ? substituteArgs(unquote(arg.raw, escapeChar), vars) : null;
          workdir = dir === null ? null : resolvePath(workdir, dir);
          break;
        }
        case 'SHELL': {
          const strings = instruction.json?.map((j) => j.value) ?? [];
          if (strings.length) shell = strings;
          break;
        }
      }
      model.steps.push(step);
    }
  }
  return model;
}

function emptyStage(doc: DockerfileDocument): Stage {
  return {
    index: -1,
    name: null,
    from: undefined as unknown as Instruction,
    reference: null,
    parentStage: null,
    instructions: doc.instructions,
  };
}

/** The first line of the instruction that contains `line` (pragmas apply to whole instructions), or `line` itself. */
export function instructionStartLine(model: ImageModel, line: number): number {
  let index = lineIndexes.get(model);
  if (!index) {
    const starts: number[] = [];
    const ends: number[] = [];
    for (const ins of model.instructions) {
      starts.push(model.lines.positionAt(ins.start).line);
      ends.push(model.lines.positionAt(ins.end).line);
    }
    index = { starts, ends };
    lineIndexes.set(model, index);
  }
  const { starts, ends } = index;
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Several instructions may start on one line only in junk; the first one that reaches `line` wins.
  while (found > 0 && starts[found - 1] === starts[found]) found--;
  return found >= 0 && ends[found] >= line ? starts[found] : line;
}

const lineIndexes = new WeakMap<ImageModel, { starts: number[]; ends: number[] }>();

function readCommand(
  instruction: Instruction,
  keyword: 'CMD' | 'ENTRYPOINT',
  stageIndex: number,
  range: Range,
  env: ShellVariables,
  workdir: string | null,
): CommandSpec {
  const json = instruction.json;
  if (json) {
    const args = json.map((j) => j.value);
    const shIndex = args.findIndex((a, i) => i > 0 && a === '-c' && /(^|\/)(ba|da)?sh$/.test(args[0]));
    const commands =
      shIndex > 0 && args[shIndex + 1] !== undefined ? analyseScript(args[shIndex + 1], env, workdir).commands : [];
    return { form: 'exec', args, text: args.join(' '), range, keyword, commands, inStage: stageIndex, workdir };
  }
  const text = instruction.rest;
  return {
    form: 'shell',
    args: text.split(/\s+/).filter(Boolean),
    text,
    range,
    keyword,
    commands: analyseScript(text, env, workdir).commands,
    inStage: stageIndex,
    workdir,
  };
}

/**
 * The shell text of a RUN as bash should see it, offset-aligned with the document. Docker joins
 * the lines of a continuation and drops comment and empty lines inside it; bash would end the
 * command at those lines, so each break between two joined pieces (escape character, white
 * space, dropped lines) becomes spaces ending in a backslash-newline, which bash joins the same
 * way. Heredoc bodies stay as written. A RUN that is just a heredoc (`RUN <<EOF`) yields the body.
 */
function readRun(
  instruction: Instruction,
  text: string,
  escapeChar: string,
  shell: string[],
  vars: ShellVariables,
  workdir: string | null,
): RunStep | undefined {
  const first = instruction.firstArg;
  if (!first) return undefined;
  const json = instruction.json;
  if (json) {
    const values = json.map((j) => j.value);
    const c = values.indexOf('-c');
    if (c < 0 || values[c + 1] === undefined) {
      return {
        scriptStart: json[0]?.start ?? instruction.restStart,
        script: '',
        commands: [],
        effects: scriptEffects([]),
        hasError: false,
        shell,
        workdir,
      };
    }
    const script = values[c + 1];
    const analysed = analyseScript(script, vars, workdir);
    return { scriptStart: json[c + 1].start + 1, script, ...analysed, shell, workdir };
  }
  const start = first.start;
  const heredoc = instruction.heredocs[0];
  if (heredoc && /^\d*<<-?/.test(first.raw)) {
    const script = text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    return { scriptStart: heredoc.bodyStart, script, ...analyseScript(script, vars, workdir), shell, workdir };
  }
  const script = joinContinuations(text, start, instruction.end, instruction.breaks, escapeChar);
  return { scriptStart: start, script, ...analyseScript(script, vars, workdir), shell, workdir };
}

/** `text[start, end)` with the joined line's breaks rewritten as spaces + backslash-newline (see readRun). */
function joinContinuations(text: string, start: number, end: number, breaks: number[], escapeChar: string): string {
  let out = '';
  let from = start;
  for (let i = 0; i < breaks.length; i += 2) {
    const g0 = breaks[i];
    const g1 = breaks[i + 1];
    if (g1 <= start) continue;
    const gap = g1 - g0;
    // `\` + newline (or CRLF): bash continues the line the same way already.
    if (
      escapeChar === '\\' &&
      (gap === 2 || (gap === 3 && text.charCodeAt(g0 + 1) === 13)) &&
      text.charCodeAt(g1 - 1) === 10
    )
      continue;
    out += text.slice(from, g0) + (text.charCodeAt(g1 - 1) === 10 ? ' '.repeat(gap - 2) + '\\\n' : ' '.repeat(gap));
    from = g1;
  }
  return out + text.slice(from, end);
}

/** Document range of a span of a RUN script. */
export function scriptRange(model: ImageModel, run: RunStep, span: { start: number; end: number }): Range {
  return {
    start: model.lines.positionAt(run.scriptStart + span.start),
    end: model.lines.positionAt(run.scriptStart + span.end),
  };
}
