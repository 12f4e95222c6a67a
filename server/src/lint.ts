/**
 * The transport-free entry point: text in, findings out. The language server, the CLI, the
 * evaluation script and the tests all call these functions.
 */
import type { Finding } from './core/types';
import type { LintConfig } from './core/config';
import { readSuppressions, type Suppressions } from './core/suppression';
import { byPosition, runRules, type RawReport } from './core/runRules';
import { instructionStartLine, parseDockerfile, parseDockerfileImages, stageLabel, type ImageModel } from './dockerfile/model';
import { computeFacts } from './dockerfile/facts';
import { DockerfileContext } from './rules/dockerfile/context';
import { dockerfileRules } from './rules/dockerfile';
import { dockerfileSyntaxRules } from './rules/dockerfile/buildkitSyntax';
import { initShellParser, shellParserLoaded, shellParserMisses } from './shell/bashParser';
import type { RuleMeta } from './core/types';
import { LineIndex } from './core/text';
import { parseCompose } from './compose/model';
import { ComposeContext } from './rules/compose/context';
import { composeRules } from './rules/compose';
import { parseDevcontainer } from './devcontainer/model';
import { DevcontainerContext } from './rules/devcontainer/context';
import { devcontainerRules } from './rules/devcontainer';
import { parseUnitFile, type UnitFile } from './units/unitFile';
import { UnitContext } from './rules/unit/context';
import { unitRules } from './rules/unit';
import { lintUnitDocument, type UnitLintOptions } from './units/lintUnitFile';
import { firstExplicit } from './core/targetVersions';
import { resolveTargets, type ContainerReleases } from './units/target';
import { openUnitDocument } from './units/document';
import { detectKind, templateTarget, type LintKind } from './kinds/detect';
import { splitQuadlets } from './units/quadlets';

export { initShellParser as initLinter };

export interface LintOptions {
  config?: LintConfig;
  /** Build stage to lint (`--target`); default: the last stage. */
  target?: string;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
  /**
   * Absolute path of the linted file: compose build contexts, `extends` files and devcontainer
   * Dockerfiles are resolved against its folder. Without it (or without readFile) they are unknown.
   */
  path?: string;
  /** Reads a sibling file by absolute path (undefined when it cannot be read); the CLI and server pass fs. */
  readFile?: (file: string) => string | undefined;
  /** Lists a folder by absolute path (undefined when it is not one): unit files find the Dockerfile that puts them into an image, Quadlet files their drop-ins and .build files. */
  listDir?: (dir: string) => string[] | undefined;
  /**
   * The systemd release unit files are judged for (252, 257, 262 …; a flag or editor setting, it
   * wins over the config file's); undefined: the config file's, else "auto" (the release of the
   * image the unit goes into where known, else the newest known).
   */
  systemdVersion?: number;
  /** The Podman release Quadlet files are judged for ("5.4", "5.8" …); undefined as for systemdVersion. */
  podmanVersion?: string;
  /** Running containers that said which releases they have: "auto" asks them first (the editor's engine). */
  containers?: readonly ContainerReleases[];
}

/** Why a text cannot be linted (binary content), or undefined. */
export function unlintableReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'binary content (NUL bytes): not a text file';
  return undefined;
}

/**
 * Lint a Dockerfile: every image it makes (each stage no other stage builds on, with its
 * ancestry), or only `options.target`. In a file of several stages each finding names the
 * stage(s) it was found in; one found through two stages that share a parent is reported once.
 */
export function lintDockerfile(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const models = options.target ? [parseDockerfile(text, options.target)] : parseDockerfileImages(text);
  const first = models[0];
  const suppressions = readSuppressions(first.lines);
  // A pragma sits above the instruction, also for a finding on one of its continuation lines.
  const pragmaLines = (model: ImageModel) => (r: RawReport) => [instructionStartLine(model, r.range.start.line)];
  const syntax = runRules(dockerfileSyntaxRules, { document: first.document }, first.lines, suppressions, options, pragmaLines(first));
  if (first.chain.length === 0) return syntax;
  const lintImage = (model: ImageModel) =>
    runRules(dockerfileRules, new DockerfileContext(model, computeFacts(model)), model.lines, suppressions, options, pragmaLines(model));
  const findings = first.stages.length === 1 ? lintImage(first) : lintStages(models, lintImage);
  return syntax.length ? [...syntax, ...findings].sort(byPosition) : findings;
}

/** Each image a multi-stage file makes, judged apart; a finding several of them share is reported once, naming them. */
function lintStages(models: ImageModel[], lintImage: (model: ImageModel) => Finding[]): Finding[] {
  const found = new Map<string, { finding: Finding; stages: string[] }>();
  for (const model of models) {
    for (const finding of lintImage(model)) {
      const { start, end } = finding.range;
      const key = `${finding.ruleId} ${start.line}:${start.character}-${end.line}:${end.character} ${finding.message}`;
      const seen = found.get(key);
      if (seen) seen.stages.push(stageLabel(model.target));
      else found.set(key, { finding, stages: [stageLabel(model.target)] });
    }
  }
  const named = [...found.values()].map(({ finding, stages }) => ({ ...finding, message: `${finding.message} (stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')})` }));
  return named.sort(byPosition);
}

/** A run-configuration rule's report: `pragmaLines`, other lines an ignore pragma may sit above (a compose service's key, a unit's Exec line). */
interface RunConfigReport extends RawReport {
  pragmaLines?: number[];
}

/** Run rules of a run-configuration kind: a pragma above the finding's line or one of its `pragmaLines`. */
function runConfigRules<C>(rules: readonly { meta: RuleMeta; check(ctx: C): RunConfigReport[] }[], ctx: C, lines: LineIndex, options: LintOptions, suppressions: Suppressions = readSuppressions(lines)): Finding[] {
  return runRules(rules, ctx, lines, suppressions, options, (r) => [r.range.start.line, ...(r.pragmaLines ?? [])]);
}

/** Lint a compose file (compose.yaml, docker-compose*.yml): the systemd-in-container pitfalls of each service that runs systemd. */
export function lintCompose(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const file = parseCompose(text, { path: options.path, readFile: options.readFile });
  if (file.services.length === 0) return [];
  const ctx = new ComposeContext(file, { path: options.path, readFile: options.readFile });
  return runConfigRules(
    composeRules.map((rule) => ({ meta: rule.meta, check: (c: ComposeContext) => rule.check(c).map((r) => ({ ...r, pragmaLines: [r.serviceLine] })) })),
    ctx,
    new LineIndex(text),
    options,
  );
}

/**
 * JSONC comments as the shared pragma reader sees them: `// systemd-lint ignore=…` becomes
 * `#  systemd-lint ignore=…` (same length, so lines and columns do not move).
 */
function jsoncPragmaText(text: string): string {
  return text.replace(/^([ \t]*)\/\//gm, '$1# ');
}

/** Lint a devcontainer.json (JSON with comments): the systemd-in-container pitfalls of the container it describes. */
export function lintDevcontainer(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const file = parseDevcontainer(text);
  if (!file.root) return [];
  const ctx = new DevcontainerContext(file, { path: options.path, readFile: options.readFile });
  return runConfigRules(devcontainerRules, ctx, new LineIndex(jsoncPragmaText(text)), options);
}

/**
 * Lint a systemd unit for the pitfalls of driving containers from it (docker/podman/compose in its
 * Exec lines, including `sh -c` wrappers). Units that run no container get no finding here; the
 * unit-file checks of other kinds are separate.
 */
export function lintUnitRunLines(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  return runLineFindings(parseUnitFile(text), options);
}

function runLineFindings(unit: UnitFile, options: LintOptions, suppressions?: Suppressions): Finding[] {
  const ctx = new UnitContext(unit);
  if (ctx.commands.length === 0) return [];
  return runConfigRules(unitRules, ctx, unit.lines, options, suppressions);
}

export { LINT_KINDS, type LintKind } from './kinds/detect';

/** What kind of file a path holds, by name and (where the name is only a hint) by content; undefined when none. */
export function fileKindOf(file: string, text = ''): LintKind | undefined {
  const found = detectKind(file, text);
  return 'lint' in found ? found.lint : undefined;
}

/** Lint a text as a file of the given kind. */
export function lintFile(kind: LintKind, text: string, options: LintOptions = {}): Finding[] {
  switch (kind) {
    case 'dockerfile':
      return lintDockerfile(text, options);
    case 'compose':
      return lintCompose(text, options);
    case 'devcontainer':
      return lintDevcontainer(text, options);
    case 'unit':
    case 'quadlet':
    case 'nspawn':
      return lintUnitKinds(kind, text, options);
  }
}

/**
 * lintFile for callers that lint a few files and exit (the CLI): the shell parser (tree-sitter's
 * WebAssembly, about 40 ms to load) is loaded only when the text has a shell script to read. A
 * compose or devcontainer file, or a unit whose scripts are all plain words, never loads it. The
 * first attempt runs without it; if any part asked for it, the parser is loaded and the file is
 * linted again (the first attempt's results and rule errors are dropped).
 */
export async function lintFileLoadingParser(kind: LintKind, text: string, options: LintOptions = {}): Promise<Finding[]> {
  if (!shellParserLoaded()) {
    const before = shellParserMisses();
    const ruleErrors: [string, unknown][] = [];
    let findings: Finding[] | undefined;
    let error: unknown;
    try {
      findings = lintFile(kind, text, { ...options, onRuleError: options.onRuleError && ((rule, e) => void ruleErrors.push([rule, e])) });
    } catch (e) {
      error = e;
    }
    if (shellParserMisses() === before) {
      if (findings === undefined) throw error;
      for (const [rule, e] of ruleErrors) options.onRuleError?.(rule, e);
      return findings;
    }
    await initShellParser();
  }
  return lintFile(kind, text, options);
}

/** The unit linter's options: the target releases are the flag's or setting's, else the config file's, else "auto" (undefined). */
export function unitLintOptions(options: LintOptions): UnitLintOptions {
  return {
    config: options.config,
    onRuleError: options.onRuleError,
    readFile: options.readFile,
    listDir: options.listDir,
    systemdVersion: options.systemdVersion ?? firstExplicit(options.config?.systemdVersion),
    podmanVersion: options.podmanVersion ?? firstExplicit(options.config?.podmanVersion),
    containers: options.containers,
  };
}

/** Which releases a unit-like file is judged for and why (CLI --verbose, status). */
export function describeTargets(kind: LintKind, options: LintOptions): string {
  if (kind !== 'unit' && kind !== 'quadlet' && kind !== 'nspawn') return 'no release-dependent checks';
  const u = unitLintOptions(options);
  const access = u.readFile && u.listDir ? { readFile: u.readFile, listDir: u.listDir } : undefined;
  const { systemd, podman } = resolveTargets(options.path ?? DEFAULT_UNIT_PATH[kind], u, access, u.containers);
  const parts = [`systemd ${systemd.release} (${systemd.reason})`];
  if (kind === 'quadlet') parts.push(`Podman ${podman.release} (${podman.reason})`);
  return `judged for ${parts.join(' and ')}`;
}

/** Where a text without a path is taken to come from, per kind (stdin). */
const DEFAULT_UNIT_PATH: Record<'unit' | 'quadlet' | 'nspawn', string> = { unit: 'stdin.service', quadlet: 'stdin.container', nspawn: 'stdin.nspawn' };

/**
 * Unit-like files: the directive checks and the Quadlet, .nspawn and units-inside-images rules
 * (units/lintUnitFile.ts, by path), plus for services the run-line rules of units that drive
 * containers. SCT306 unit-killmode-none and SCT405 deprecated-value both see `KillMode=none` in a
 * container-driving unit: the former is kept.
 */
function lintUnitKinds(kind: 'unit' | 'quadlet' | 'nspawn', text: string, options: LintOptions): Finding[] {
  if (unlintableReason(text)) return [];
  const path = templateTarget(options.path ?? DEFAULT_UNIT_PATH[kind]);
  if (/\.quadlets$/.test(path)) {
    // Each part as the file it becomes, in the same folder (its drop-ins, its .build files).
    const dir = path.slice(0, path.replace(/\\/g, '/').lastIndexOf('/') + 1);
    const all = splitQuadlets(text).flatMap((part) =>
      lintUnitKinds('quadlet', part.text, { ...options, path: dir + part.name }),
    );
    return all.sort(byPosition);
  }
  // One parse (and one pragma scan) for both rule sets.
  const doc = openUnitDocument(path, text);
  const unit = doc?.unit ?? parseUnitFile(text);
  const suppressions = readSuppressions(unit.lines);
  // doc.fileType is unitFileType(path, text), the same as by path alone for a service
  const runLines = kind === 'unit' && doc?.fileType === 'service' ? runLineFindings(unit, options, suppressions) : [];
  const own = doc ? lintUnitDocument(doc, unitLintOptions(options), suppressions) : [];
  const killModeLines = new Set(runLines.filter((f) => f.ruleId === 'SCT306').map((f) => f.range.start.line));
  const merged = [...runLines, ...own.filter((f) => !(f.ruleId === 'SCT405' && killModeLines.has(f.range.start.line)))];
  merged.sort(byPosition);
  return merged;
}
