/**
 * Types shared by every linter (Dockerfile, unit files, compose …), the language server and the
 * CLI. Positions (shared/positions.ts) are LSP-style: 0-based line and UTF-16 character.
 */
import type { Range } from '../../../shared/positions';

export type { Position, Range } from '../../../shared/positions';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The canonical fix for the diagnostic (a quick fix UI marks it preferred). */
  preferred?: boolean;
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

/** One finding of one rule in one document. */
export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** One line for the Problems panel: what is wrong and what to do. */
  message: string;
  /** The particulars behind the message (quotes, measurements, alternatives), shown in the hover and in JSON. */
  detail?: string;
  range: Range;
  fixes: Fix[];
  related?: RelatedLocation[];
  /** 0-based line an ignore pragma for this finding goes above (the instruction's first line). */
  pragmaLine: number;
}

/**
 * A kind's name in the registry (server/src/kinds/registry.ts), or `any`: a rule about files of every kind (SCT001).
 */
export type FileKind = string;

/** What every rule declares about itself; the docs (README table, docs/rules.md) come from it. */
export interface RuleMeta {
  /** Stable id, e.g. SCT101. Never reused. */
  id: string;
  /** kebab-case name; matches the corpus label with `_` → `-`. */
  name: string;
  kind: FileKind;
  defaultSeverity: Severity;
  /** One line, shown in tables. */
  summary: string;
  /** One paragraph: what goes wrong and why. Markdown. */
  explanation: string;
  /** Where the fact comes from (docs, source, or our own verification on dockerd). */
  sources: string[];
  /** The line(s) of the canonical recipe this rule expects, shown on hover. */
  recipe?: string;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
