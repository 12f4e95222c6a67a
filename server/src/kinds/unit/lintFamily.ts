/**
 * The linter of the three INI kinds that share the unit-file model (unit, quadlet, nspawn): the
 * directive checks and the Quadlet, .nspawn and units-inside-images rules (./lint.ts, by path),
 * plus for services the run-line rules of units that drive containers.
 */
import type { Finding } from '../../core/types';
import { readSuppressions, type Suppressions } from '../../core/suppression';
import { byPosition, runConfigRules } from '../../core/runRules';
import { unlintableReason, type LintOptions } from '../../core/lintOptions';
import { firstExplicit } from '../../core/targetVersions';
import { parseUnitFile, type UnitFile } from './unitFile';
import { openUnitDocument } from './document';
import { resolveTargets } from './target';
import { lintUnitDocument, type UnitLintOptions } from './lint';
import { templateTarget } from './fileType';
import { splitQuadlets } from '../quadlet/multiFile';
import { UnitContext } from './engineCommandRules/context';
import { unitRules } from './engineCommandRules';

export type UnitFamilyKind = 'unit' | 'quadlet' | 'nspawn';

/** Where a text without a path is taken to come from, per kind (stdin). */
export const DEFAULT_UNIT_PATH: Record<UnitFamilyKind, string> = {
  unit: 'stdin.service',
  quadlet: 'stdin.container',
  nspawn: 'stdin.nspawn',
};

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

/**
 * The unit linter's options: the target releases are the flag's or setting's, else the config file's, else "auto"
 * (undefined).
 */
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
export function describeUnitTargets(kind: UnitFamilyKind, options: LintOptions): string {
  const u = unitLintOptions(options);
  const access = u.readFile && u.listDir ? { readFile: u.readFile, listDir: u.listDir } : undefined;
  const { systemd, podman } = resolveTargets(options.path ?? DEFAULT_UNIT_PATH[kind], u, access, u.containers);
  const parts = [`systemd ${systemd.release} (${systemd.reason})`];
  if (kind === 'quadlet') parts.push(`Podman ${podman.release} (${podman.reason})`);
  return `judged for ${parts.join(' and ')}`;
}

/**
 * Unit-like files: the directive checks and the Quadlet, .nspawn and units-inside-images rules
 * (./lint.ts, by path), plus for services the run-line rules of units that drive containers.
 * SCT306 unit-killmode-none and SCT405 deprecated-value both see `KillMode=none` in a
 * container-driving unit: the former is kept.
 */
export function lintUnitFamily(kind: UnitFamilyKind, text: string, options: LintOptions): Finding[] {
  if (unlintableReason(text)) return [];
  const path = templateTarget(options.path ?? DEFAULT_UNIT_PATH[kind]);
  if (/\.quadlets$/.test(path)) {
    // Each part as the file it becomes, in the same folder (its drop-ins, its .build files).
    const dir = path.slice(0, path.replace(/\\/g, '/').lastIndexOf('/') + 1);
    const all = splitQuadlets(text).flatMap((part) =>
      lintUnitFamily('quadlet', part.text, { ...options, path: dir + part.name }),
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
