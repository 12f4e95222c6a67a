/** The compose kind's linter: the systemd-in-container pitfalls of each service that runs systemd. */
import type { Finding } from '../../core/types';
import { runConfigRules } from '../../core/runRules';
import { unlintableReason, type LintOptions } from '../../core/lintOptions';
import { LineIndex } from '../../../../shared/text';
import { parseCompose } from './model';
import { ComposeContext } from './rules/context';
import { composeRules } from './rules';

/**
 * Lint a compose file (compose.yaml, docker-compose*.yml): the systemd-in-container pitfalls of each service that runs
 * systemd.
 */
export function lintCompose(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const file = parseCompose(text, { path: options.path, readFile: options.readFile });
  if (file.services.length === 0) return [];
  const ctx = new ComposeContext(file, { path: options.path, readFile: options.readFile });
  const rules = composeRules.map((rule) => ({
    meta: rule.meta,
    check: (c: ComposeContext) => rule.check(c).map((r) => ({ ...r, pragmaLines: [r.serviceLine] })),
  }));
  return runConfigRules(rules, ctx, new LineIndex(text), options);
}
