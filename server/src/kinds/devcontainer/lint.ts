/** The devcontainer.json kind's linter: the systemd-in-container pitfalls of the container it describes. */
import type { Finding } from '../../core/types';
import { runConfigRules } from '../../core/runRules';
import { unlintableReason, type LintOptions } from '../../core/lintOptions';
import { LineIndex } from '../../../../shared/text';
import { parseDevcontainer } from './model';
import { DevcontainerContext } from './rules/context';
import { devcontainerRules } from './rules';

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
