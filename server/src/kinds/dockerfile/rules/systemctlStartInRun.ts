import type { DockerfileContext, DockerfileRule } from '../ruleContext';
import type { FactAt } from '../../dockerfile/facts';
import { unitName } from '../../dockerfile/facts';
import type { Fix } from '../../../core/types';
import type { SystemctlOp } from '../../../shell/effects';
import { order } from '../pruneEvents';

const RUNTIME_VERBS = new Set([
  'start',
  'restart',
  'reload',
  'try-restart',
  'reload-or-restart',
  'try-reload-or-restart',
  'condrestart',
]);

export const systemctlStartInRun: DockerfileRule = {
  meta: {
    id: 'SCT114',
    name: 'systemctl-start-in-run',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'systemctl start/restart/reload during the build',
    explanation:
      'Every `RUN` runs in a fresh container without systemd as PID 1, so `systemctl start` fails with `System ' +
      "has not been booted with systemd as init system (PID 1). Can't operate.` / `Failed to connect to bus` " +
      'and the build fails (or, behind `|| true`, silently does nothing). Enable the unit instead: `systemctl ' +
      'enable` only writes symlinks, and the unit starts when the container boots. An image that replaces ' +
      '`systemctl` with a script of its own (docker-systemctl-replacement, `COPY … /usr/bin/systemctl`) is not ' +
      'flagged: there the script does the work.',
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 7'],
    recipe: 'RUN systemctl enable nginx.service',
  },
  check(ctx) {
    if (ctx.facts.systemctlReplaced) return [];
    return ctx.facts.systemctl
      .filter((s) => RUNTIME_VERBS.has(s.item.verb))
      .map((s) => ({
        range: ctx.spanRange(s.run, s.item),
        message:
          `systemctl ${s.item.verb} cannot work during the build: systemd is not running in RUN steps (use ` +
          'systemctl enable; the unit starts at boot).',
        fixes: [startFix(ctx, s)],
      }));
  },
};

/**
 * Replace the verb with `enable`, unless every unit is already enabled before this command
 * (`systemctl enable ssh && systemctl start ssh`): then the command goes, with its `&&`/`;`.
 */
function startFix(ctx: DockerfileContext, s: FactAt<SystemctlOp>): Fix {
  const units = s.item.units.map(unitName);
  const enabledBefore =
    units.length > 0 &&
    units.every((u) =>
      ctx.facts.systemctl.some(
        (e) => e.item.verb === 'enable' && order(e) < order(s) && e.item.units.map(unitName).includes(u),
      ),
    );
  if (!enabledBefore) {
    return {
      title: `Replace "${s.item.verb}" with "enable"`,
      edits: [{ range: ctx.spanRange(s.run, s.item.verbSpan), newText: 'enable' }],
      preferred: true,
    };
  }
  const script = s.run.script;
  const before = /\s*(&&|\|\||;)\s*$/.exec(script.slice(0, s.item.start));
  const after = /^\s*(&&|;)\s*/.exec(script.slice(s.item.end));
  const title = `Remove "systemctl ${s.item.verb}" (${units.join(' ')} already enabled)`;
  if (before)
    return {
      title,
      edits: [{ range: ctx.spanRange(s.run, { start: before.index, end: s.item.end }), newText: '' }],
      preferred: true,
    };
  if (after)
    return {
      title,
      edits: [{ range: ctx.spanRange(s.run, { start: s.item.start, end: s.item.end + after[0].length }), newText: '' }],
      preferred: true,
    };
  // The command is the whole RUN: remove the instruction.
  return { title, edits: [{ range: ctx.wholeLines(s.step.range), newText: '' }], preferred: true };
}
