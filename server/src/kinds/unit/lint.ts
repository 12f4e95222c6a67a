/**
 * The transport-free entry point for unit-like files (systemd units and drop-ins, Quadlet
 * files, .nspawn files, networkd files): path and text in, findings out, with the same
 * `.systemd-lint.yaml` config and `# systemd-lint ignore=` pragmas as the Dockerfile linter.
 * Neighbouring files (the Dockerfile a unit goes into, a Quadlet's drop-ins and .build file) are
 * read only through `readFile`/`listDir`, when the caller passes them.
 */
import type { Finding } from '../../core/types';
import type { LintConfig } from '../../core/config';
import { readSuppressions, type Suppressions } from '../../core/suppression';
import { runRules } from '../../core/runRules';
import { openUnitDocument, type UnitDocument } from './document';
import type { UnitFileAccess } from './workspace';
import type { ContainerReleases } from '../../../../shared/containerReleases';
import { quadletTarget } from '../../knowledge/quadletKeys';
import { ownQuadletGroup } from './classify';
import { UnitFileContext, type UnitFileRule } from './ruleContext';
import { unitFileRules } from './ruleList';
import { quadletRules } from '../quadlet/ruleList';
import { nspawnRules } from '../nspawn/ruleList';

export interface UnitLintOptions {
  config?: LintConfig;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
  /**
   * Read a file of the workspace (undefined: absent or unreadable). Without it, rules that need neighbours stay silent.
   */
  readFile?: (path: string) => string | undefined;
  /** List a directory of the workspace (undefined: not a directory). */
  listDir?: (path: string) => string[] | undefined;
  /** The systemd release to judge for; undefined: "auto" (the image's where known, else the newest known). */
  systemdVersion?: number;
  /** The Podman release Quadlet files are judged for ("5.4"); undefined: "auto". */
  podmanVersion?: string;
  /** Running containers that said which releases they have (for "auto"). */
  containers?: readonly ContainerReleases[];
}

/** Every rule for unit-like files, in id order. */
export const allUnitRules: UnitFileRule[] = [...unitFileRules, ...quadletRules, ...nspawnRules].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
);

function applies(rule: UnitFileRule, doc: UnitDocument): boolean {
  if (rule.appliesTo) return rule.appliesTo(doc);
  // the directive checks (kind "unit") read every unit-like file; Quadlet and nspawn rules their own
  return rule.meta.kind === 'unit' || rule.meta.kind === doc.kind;
}

/** Whether a path is a file this linter handles (a unit, drop-in, Quadlet, .nspawn or networkd file). */
export function isUnitFilePath(path: string, text = ''): boolean {
  return openUnitDocument(path, text) !== null;
}

export function lintUnitFile(path: string, text: string, options: UnitLintOptions = {}): Finding[] {
  if (text.includes('\u0000')) return [];
  const doc = openUnitDocument(path, text);
  if (!doc) return [];
  return lintUnitDocument(doc, options);
}

/** lintUnitFile on a document already opened (lint.ts parses a unit once for both rule sets). */
export function lintUnitDocument(
  doc: UnitDocument,
  options: UnitLintOptions = {},
  suppressions: Suppressions = readSuppressions(doc.unit.lines),
): Finding[] {
  const access: UnitFileAccess | undefined =
    options.readFile && options.listDir ? { readFile: options.readFile, listDir: options.listDir } : undefined;
  const { systemdVersion, podmanVersion, containers } = options;
  const targets = { systemdVersion, podmanVersion, containers };
  const ctx = new UnitFileContext(doc, access, targets, options.config);
  // classifyEntry (also used by hover and completion) reads the Podman release from the document
  if (doc.kind === 'quadlet') doc.podmanVersion = ctx.releases.podman.release;
  // a Quadlet file nothing reads (no Quadlet, or not this file type yet) is told so, and nothing else
  const unread = doc.kind === 'quadlet' && !quadletTarget(doc.podmanVersion, ownQuadletGroup(doc)).quadlet;
  const rules = allUnitRules.filter((rule) => (unread ? rule.meta.name === 'quadlet-unavailable' : applies(rule, doc)));
  // A pragma sits above the entry, also for a finding on one of its continuation lines.
  return runRules(rules, ctx, doc.unit.lines, suppressions, options, (r) => {
    const line = r.range.start.line;
    const entry = doc.unit.entries.find((e) => e.firstLine <= line && line <= e.lastLine);
    return [entry ? entry.firstLine : line];
  });
}
