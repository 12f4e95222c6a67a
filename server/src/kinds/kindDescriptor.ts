/**
 * What a file kind is, as one object its folder exports (kinds/<kind>/kind.ts): its name, how a
 * file of it is recognised (by name, by content, by the editor's language id) and what the
 * product offers for it (a linter, its rules, editor features). The registry (./registry.ts) is a
 * list of these; detection (./detect.ts), the service, the CLI and the rule catalog ask them and
 * name no kind themselves.
 */
import type { Finding, RuleMeta } from '../core/types';
import type { LintOptions } from '../core/lintOptions';
import type { EditorFeatures } from './editorFeatures';

/** How a file of the kind is recognised. */
export interface KindDetection {
  /** The kind's name: `--kind`, `--list-files`, the rules' `kind` and docs/rules.md use it. */
  name: string;
  /** One line for `--help` and `--list-files`. */
  description: string;
  /** How notes name such a file ("named like a …", "not a file kind this linter knows (…)"). */
  label: string;
  /** VS Code language ids whose documents may be of this kind (confirmed by name or content). */
  languageIds: readonly string[];
  /**
   * What the name says: 'certain' (no content test), 'hint' (the content decides), or undefined.
   * `path` uses `/` separators.
   */
  byName(path: string): 'certain' | 'hint' | undefined;
  /** Whether the text is of this kind; `path` is there for kinds whose test depends on the name. */
  byContent(text: string, path: string): boolean;
  /**
   * An editor document of this language id is of this kind without asking name or content
   * (`dockerfile`), or with the path and text deciding among kinds of one language (`systemd-unit`).
   */
  byLanguage?(languageId: string, path: string | undefined, text: string): boolean;
  /** Files no kind's name hints at are tried as this kind by content (a Dockerfile by any name). */
  triedWithoutName?: boolean;
  /** The note when a name hints at this kind but the content is not of it. */
  hintWithoutContent?: string;
  /** The path the file is judged as (`x.service.in` → `x.service`); the path itself if absent. */
  lintPath?(path: string): string;
  /**
   * Standard input without --stdin-filename is tried as a file of this name (when `applies` says
   * the text could be one); the first probe that finds a kind wins.
   */
  standardInput?: { probe: string; applies?(text: string): boolean };
  /** Standard input that no probe recognised is this kind. */
  standardInputFallback?: boolean;
}

/** A kind recognised only to be skipped with a reason (a Kubernetes manifest). */
export interface SkippedKindDescriptor extends KindDetection {
  /** Why such files are not linted. */
  skipReason: string;
}

/** A kind the linter judges. */
export interface LintedKindDescriptor extends KindDetection {
  skipReason?: undefined;
  /** Lint a text of this kind. */
  lint(text: string, options: LintOptions): Finding[];
  /** The kind's rules, in the order the catalog and docs/rules.md list them. */
  rules: readonly RuleMeta[];
  /** How a comment starts (the ignore pragma the quick fix inserts). */
  commentPrefix: '#' | '//';
  /** What an ignore pragma covers, as the quick fix names it: a Dockerfile instruction, else a line. */
  ignoreScope: 'instruction' | 'line';
  /** Which releases a file is judged for (CLI --verbose); undefined: the CLI says nothing. */
  targetsNote?(options: LintOptions): string;
  /** Other kinds' files read files of this kind (a Dockerfile): they are linted again when one changes. */
  readByOthers?: boolean;
  /** Files of this kind are judged for a Podman release too (the status bar shows it). */
  judgedForPodman?: boolean;
  /** The CLI's `--target STAGE` (a build stage) applies to files of this kind. */
  takesBuildTarget?: boolean;
  /** Completion, hover, folding, code lenses and extra actions in the editor (./editorFeatures.ts). */
  editor?: EditorFeatures;
}

export type KindDescriptor = LintedKindDescriptor | SkippedKindDescriptor;
