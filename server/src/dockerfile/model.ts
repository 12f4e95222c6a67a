/**
 * The image a Dockerfile builds, seen from systemd's side. Parses with dockerfile-ast, picks
 * the target stage (the last one unless named), follows its ancestry (`FROM stage`, and
 * `FROM scratch` + `COPY --from=stage / /`), and reads every instruction of that chain into
 * steps: RUN bodies through the shell parser, ENV/STOPSIGNAL/CMD/ENTRYPOINT/VOLUME/SHELL.
 */
import { DockerfileParser, type Dockerfile, type Instruction, type From, type JSONInstruction, type Env, type Arg, type Copy } from 'dockerfile-ast';
import { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { describeBaseImage, type BaseImageInfo } from './baseImages';
import { parseScript, type ShellCommand, type ShellVariables } from '../shell/script';
import { scriptEffects, type ScriptEffects } from '../shell/effects';

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
}

export interface Step {
  keyword: string;
  range: Range;
  stageIndex: number;
  instruction: Instruction;
  run?: RunStep;
}

export interface Stage {
  index: number;
  name: string | null;
  from: From;
  /** FROM's image reference with ARG defaults substituted (null: an ARG without default). */
  reference: string | null;
  /** Index of the stage this one builds on (FROM stage, or scratch + COPY --from=stage / /). */
  parentStage: number | null;
  instructions: Instruction[];
}

export interface ImageModel {
  text: string;
  lines: LineIndex;
  dockerfile: Dockerfile;
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

/** Cache of parsed RUN bodies: on the keystroke path only the edited RUN is re-parsed. */
const runCache = new Map<string, { commands: ShellCommand[]; effects: ScriptEffects; hasError: boolean }>();
const RUN_CACHE_LIMIT = 2000;

function analyseScript(script: string, vars: ShellVariables) {
  const key = cacheKey(script, vars);
  let hit = runCache.get(key);
  if (!hit) {
    const parsed = parseScript(script, vars);
    hit = { commands: parsed.commands, effects: scriptEffects(parsed.commands), hasError: parsed.hasError };
    if (runCache.size >= RUN_CACHE_LIMIT) runCache.delete(runCache.keys().next().value as string);
    runCache.set(key, hit);
  } else {
    // Refresh recency.
    runCache.delete(key);
    runCache.set(key, hit);
  }
  return hit;
}

/** Forget every cached RUN analysis (benchmarks measure the uncached path with it). */
export function clearRunCache(): void {
  runCache.clear();
}

/** The script plus the values of the variables it mentions: what its analysis depends on. */
function cacheKey(script: string, vars: ShellVariables): string {
  if (vars.size === 0 || !script.includes('$')) return script;
  let key = script;
  for (const [name, value] of vars) if (script.includes(name)) key += `\0${name}=${value}`;
  return key;
}

export function substituteArgs(value: string, args: Map<string, string | null>): string | null {
  let unresolved = false;
  const out = value.replace(/\$\{(\w+)(?::?[-+]([^}]*))?\}|\$(\w+)/g, (_m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const v = args.get(name);
    if (v !== undefined && v !== null) return v;
    if (dflt !== undefined) return dflt;
    unresolved = true;
    return '';
  });
  return unresolved ? null : out;
}

export function parseDockerfile(text: string, targetName?: string): ImageModel {
  const dockerfile = DockerfileParser.parse(text);
  const lines = new LineIndex(text);
  const escapeChar = dockerfile.getEscapeCharacter();

  const globalArgs = new Map<string, string | null>();
  for (const arg of dockerfile.getInitialARGs()) {
    const prop = arg.getProperty();
    if (prop) globalArgs.set(prop.getName(), prop.getValue());
  }

  const stages: Stage[] = [];
  for (const template of dockerfile.getFROMs()) {
    const index = stages.length;
    const image = template.getImage();
    const name = template.getBuildStage();
    const reference = image === null ? null : substituteArgs(image, globalArgs);
    const parentByName = reference === null ? -1 : stages.findIndex((s) => s.name !== null && s.name.toLowerCase() === reference.toLowerCase());
    stages.push({ index, name, from: template, reference, parentStage: parentByName >= 0 ? parentByName : null, instructions: [] });
  }
  // Assign instructions to stages by position.
  for (const instruction of dockerfile.getInstructions()) {
    const line = instruction.getRange().start.line;
    let owner: Stage | undefined;
    for (const s of stages) if (s.from.getRange().start.line <= line) owner = s;
    if (owner && instruction.getKeyword() !== 'FROM') owner.instructions.push(instruction);
  }
  // `FROM scratch` + `COPY --from=X / /` inherits X's whole filesystem.
  for (const s of stages) {
    if (s.parentStage !== null || s.reference?.toLowerCase() !== 'scratch') continue;
    for (const ins of s.instructions) {
      if (ins.getKeyword() !== 'COPY') continue;
      const fromFlag = (ins as Copy).getFlags().find((f) => f.getName() === 'from')?.getValue();
      const args = ins.getArguments().map((a) => a.getValue());
      if (fromFlag && args[0] === '/') {
        const parent = stages.findIndex((p) => p.index < s.index && (p.name?.toLowerCase() === fromFlag.toLowerCase() || String(p.index) === fromFlag));
        if (parent >= 0) s.parentStage = parent;
      }
    }
  }

  let target = stages[stages.length - 1];
  if (targetName) {
    const named = stages.find((s) => s.name?.toLowerCase() === targetName.toLowerCase());
    if (!named) throw new Error(`no build stage named "${targetName}"`);
    target = named;
  }
  const chain: Stage[] = [];
  for (let s: Stage | undefined = target; s; s = s.parentStage !== null ? stages[s.parentStage] : undefined) {
    if (chain.includes(s)) break;
    chain.unshift(s);
  }

  const model: ImageModel = {
    text,
    lines,
    dockerfile,
    stages,
    target: target ?? emptyStage(dockerfile),
    chain,
    base: describeBaseImage(chain[0]?.reference ?? null),
    steps: [],
    env: new Map(),
    volumes: [],
    escapeChar,
  };
  if (!target) return model;

  let shell = DEFAULT_SHELL;
  // What RUN's shell sees: ENV (inherited along the chain) and this stage's ARG defaults.
  const envValues = new Map<string, string>();
  let vars = new Map<string, string>();
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
      const keyword = instruction.getKeyword();
      const step: Step = { keyword, range: instruction.getRange(), stageIndex: stage.index, instruction };
      switch (keyword) {
        case 'RUN':
          step.run = readRun(instruction as JSONInstruction, text, lines, escapeChar, shell, vars);
          break;
        case 'ENV':
          for (const p of (instruction as Env).getProperties()) {
            const raw = p.getUnescapedValue() ?? p.getValue() ?? '';
            model.env.set(p.getName(), { value: raw, range: p.getRange() });
            const value = substituteArgs(raw, vars);
            for (const m of [vars, envValues]) {
              if (value === null) m.delete(p.getName());
              else m.set(p.getName(), value);
            }
          }
          break;
        case 'ARG':
          // An ARG's default (or the global one it re-declares); ENV of the same name wins.
          for (const p of (instruction as Arg).getProperties()) {
            const name = p.getName();
            if (model.env.has(name)) continue;
            const value = p.getValue() ?? globalArgs.get(name) ?? null;
            const resolved = value === null ? null : substituteArgs(value, vars);
            if (resolved === null) vars.delete(name);
            else vars.set(name, resolved);
          }
          break;
        case 'STOPSIGNAL': {
          const arg = instruction.getArguments()[0];
          if (arg) model.stopSignal = { value: arg.getValue(), range: instruction.getRange() };
          break;
        }
        case 'CMD':
        case 'ENTRYPOINT': {
          const spec = readCommand(instruction as JSONInstruction, keyword, stage.index, model, envValues); // ARGs are build-time only
          if (keyword === 'CMD') model.cmd = spec;
          else {
            model.entrypoint = spec;
            // Setting ENTRYPOINT resets an inherited CMD (Docker semantics) unless CMD follows.
            if (model.cmd && model.cmd.inStage !== stage.index) model.cmd = undefined;
          }
          break;
        }
        case 'VOLUME':
          for (const path of volumePaths(instruction as JSONInstruction, model)) model.volumes.push({ path, range: instruction.getRange() });
          break;
        case 'SHELL': {
          const strings = (instruction as JSONInstruction).getJSONStrings().map((j) => jsonValue(j, model));
          if (strings.length) shell = strings;
          break;
        }
      }
      model.steps.push(step);
    }
  }
  return model;
}

function emptyStage(dockerfile: Dockerfile): Stage {
  return { index: -1, name: null, from: undefined as unknown as From, reference: null, parentStage: null, instructions: dockerfile.getInstructions() };
}

interface DocText {
  text: string;
  lines: LineIndex;
}

/**
 * The string value of a JSON-form argument. dockerfile-ast's getJSONValue() drops white space
 * inside strings, so decode the argument's own text (quotes included) as JSON.
 */
function jsonValue(arg: { getValue(): string; getRange(): Range }, src: DocText): string {
  const raw = src.text.slice(src.lines.offsetAt(arg.getRange().start), src.lines.offsetAt(arg.getRange().end));
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'string') return v;
  } catch {
    // fall through: not valid JSON (a half-typed string)
  }
  return raw.replace(/^"|"$/g, '');
}

function volumePaths(instruction: JSONInstruction, src: DocText): string[] {
  const json = instruction.getJSONStrings();
  if (json.length) return json.map((j) => jsonValue(j, src));
  return instruction.getArguments().map((a) => a.getValue());
}

function readCommand(instruction: JSONInstruction, keyword: 'CMD' | 'ENTRYPOINT', stageIndex: number, src: DocText, env: ShellVariables): CommandSpec {
  const json = instruction.getJSONStrings();
  const range = instruction.getRange();
  if (json.length && instruction.getOpeningBracket()) {
    const args = json.map((j) => jsonValue(j, src));
    const shIndex = args.findIndex((a, i) => i > 0 && a === '-c' && /(^|\/)(ba|da)?sh$/.test(args[0]));
    const commands = shIndex > 0 && args[shIndex + 1] !== undefined ? analyseScript(args[shIndex + 1], env).commands : [];
    return { form: 'exec', args, text: args.join(' '), range, keyword, commands, inStage: stageIndex };
  }
  const text = instruction.getArgumentsContent() ?? '';
  return { form: 'shell', args: text.split(/\s+/).filter(Boolean), text, range, keyword, commands: analyseScript(text, env).commands, inStage: stageIndex };
}

/**
 * The shell text of a RUN as bash should see it, offset-aligned with the document: comment lines
 * inside continuations (which the Dockerfile parser drops) are blanked, and a non-backslash
 * escape character's line continuations become spaces. Heredoc RUNs yield the heredoc body.
 */
function readRun(instruction: JSONInstruction, text: string, lines: LineIndex, escapeChar: string, shell: string[], vars: ShellVariables): RunStep | undefined {
  const args = instruction.getArguments();
  if (args.length === 0) return undefined;
  const json = instruction.getJSONStrings();
  if (json.length && instruction.getOpeningBracket()) {
    const values = json.map((j) => jsonValue(j, { text, lines }));
    const c = values.indexOf('-c');
    if (c < 0 || values[c + 1] === undefined) {
      return { scriptStart: lines.offsetAt(json[0].getRange().start), script: '', commands: [], effects: scriptEffects([]), hasError: false, shell };
    }
    const scriptString = json[c + 1];
    const script = jsonValue(scriptString, { text, lines });
    const analysed = analyseScript(script, vars);
    return { scriptStart: lines.offsetAt(scriptString.getRange().start) + 1, script, ...analysed, shell };
  }
  let start = lines.offsetAt(args[0].getRange().start);
  let end = lines.offsetAt(instruction.getRange().end);
  const heredocs = (instruction as unknown as { getHeredocs(): { getContentRange(): Range | null }[] }).getHeredocs?.() ?? [];
  if (heredocs.length && /^<<-?["']?\w/.test(text.slice(start, start + 20))) {
    const content = heredocs[0].getContentRange();
    if (content) {
      start = lines.offsetAt(content.start);
      end = lines.offsetAt(content.end);
    }
  }
  let script = text.slice(start, end);
  script = script.replace(/(^|\n)([ \t]*#[^\n]*)/g, (_m, nl: string, comment: string) => nl + ' '.repeat(comment.length));
  if (escapeChar !== '\\') {
    const e = escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    script = script.replace(new RegExp(`${e}(\\r?\\n)`, 'g'), (_m, nl: string) => ' ' + nl);
  }
  const analysed = analyseScript(script, vars);
  return { scriptStart: start, script, ...analysed, shell };
}

/** Document range of a span of a RUN script. */
export function scriptRange(model: ImageModel, run: RunStep, span: { start: number; end: number }): Range {
  return { start: model.lines.positionAt(run.scriptStart + span.start), end: model.lines.positionAt(run.scriptStart + span.end) };
}
