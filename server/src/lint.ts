/**
 * The transport-free entry point: text in, findings out. The language server, the CLI, the
 * evaluation script and the tests all call these functions; each kind's linter is its registry
 * entry's (kinds/registry.ts), and the per-kind functions are re-exported here for the callers
 * that name one (the benchmarks use lintDockerfile).
 */
import type { Finding } from './core/types';
import type { LintOptions } from './core/lintOptions';
import { initShellParser, shellParserLoaded, shellParserMisses } from './shell/bashParser';
import { detectKind, type LintKind } from './kinds/detect';
import { kindNamed } from './kinds/registry';

export { initShellParser as initLinter };
export { unlintableReason, type LintOptions } from './core/lintOptions';
export { lintDockerfile } from './kinds/dockerfile/lint';
export { lintCompose } from './kinds/compose/lint';
export { lintDevcontainer } from './kinds/devcontainer/lint';
export { lintUnitRunLines, unitLintOptions } from './kinds/unit/lintFamily';
export { LINT_KINDS, type LintKind } from './kinds/detect';

/** What kind of file a path holds, by name and (where the name is only a hint) by content; undefined when none. */
export function fileKindOf(file: string, text = ''): LintKind | undefined {
  const found = detectKind(file, text);
  return 'lint' in found ? found.lint : undefined;
}

/** Lint a text as a file of the given kind. */
export function lintFile(kind: LintKind, text: string, options: LintOptions = {}): Finding[] {
  return kindNamed(kind).lint(text, options);
}

/**
 * lintFile for callers that lint a few files and exit (the CLI): the shell parser (tree-sitter's
 * WebAssembly, about 40 ms to load) is loaded only when the text has a shell script to read. A
 * compose or devcontainer file, or a unit whose scripts are all plain words, never loads it. The
 * first attempt runs without it; if any part asked for it, the parser is loaded and the file is
 * linted again (the first attempt's results and rule errors are dropped).
 */
export async function lintFileLoadingParser(
  kind: LintKind,
  text: string,
  options: LintOptions = {},
): Promise<Finding[]> {
  if (!shellParserLoaded()) {
    const before = shellParserMisses();
    const ruleErrors: [string, unknown][] = [];
    let findings: Finding[] | undefined;
    let error: unknown;
    try {
      findings = lintFile(kind, text, {
        ...options,
        onRuleError: options.onRuleError && ((rule, e) => void ruleErrors.push([rule, e])),
      });
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

/** Which releases a file is judged for and why (CLI --verbose, status). */
export function describeTargets(kind: LintKind, options: LintOptions): string {
  return kindNamed(kind).targetsNote?.(options) ?? 'no release-dependent checks';
}
