import type { RuleReport, DockerfileRule } from '../ruleContext';
import { CONF_FILES, confFileOf } from '../../../knowledge/systemdConfFiles';
import { basename } from '../../../shell/shellCommand';

const SYSTEMD_PATH = /^\/(etc|lib|usr\/lib|run)\/systemd\//;
const UNIT_FILE = /\.(service|socket|timer|path|mount|automount|swap|target|slice|scope|network|netdev|link|nspawn)$/;
const DROP_IN = /\.d\/[^/]+\.conf$/;

/** Lines that assign an option (`Key=value`), ignoring comments and blanks. */
function assignments(content: string): { key: string; beforeSection: boolean }[] {
  const out: { key: string; beforeSection: boolean }[] = [];
  let sawSection = false;
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (/^\[.+\]$/.test(line)) {
      sawSection = true;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9_.-]*)\s*=/.exec(line);
    if (m) out.push({ key: m[1], beforeSection: !sawSection });
  }
  return out;
}

/** /bin/sh is dash on Debian and Ubuntu: its echo prints `-e` literally. */
function shellIsDash(family: string, shell: string[]): boolean {
  return (family === 'debian' || family === 'ubuntu') && /^\/bin\/sh$/.test(shell[0] ?? '');
}

export const malformedSystemdConfigWrite: DockerfileRule = {
  meta: {
    id: 'SCT115',
    name: 'malformed-systemd-config-write',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'a RUN step writes broken systemd configuration',
    explanation:
      'Writing unit files and `*.conf` with `echo` in a `RUN` fails quietly in three common ways: `echo -e` ' +
      "under Debian/Ubuntu's `/bin/sh` (dash) prints a literal `-e ` before the text, so the first line (often " +
      'the `[Unit]` header) is garbage; an option appended to the wrong file (e.g. `ForwardToConsole=` is a ' +
      'journald.conf option, not logind.conf) is ignored with only a log warning; and a unit or drop-in ' +
      "without a `[Section]` header has its options ignored. Use `printf '%b\\n'`, `COPY` a file, or a heredoc.",
    sources: [
      'dash(1) echo',
      'journald.conf(5), logind.conf(5), systemd-system.conf(5)',
      'systemd.unit(5): sections',
      'docs/verified-behaviour.md claim 10',
    ],
    recipe: "RUN printf '%b\\n' '[Unit]\\nDescription=…' > /etc/systemd/system/x.service  (or COPY x.service)",
  },
  check(ctx) {
    const { model } = ctx;
    const out: RuleReport[] = [];
    for (const step of model.steps) {
      const run = step.run;
      if (!run) continue;
      for (const w of run.effects.writes) {
        if (!SYSTEMD_PATH.test(w.path)) continue;
        const range = ctx.spanRange(run, w);
        if (w.echoDashE && shellIsDash(model.base.family, run.shell)) {
          const fixes =
            w.flagSpan && w.content !== null
              ? [
                  {
                    title: "Use printf '%b\\n' instead of echo -e",
                    edits: [
                      { range: ctx.spanRange(run, { start: w.start, end: w.flagSpan.end }), newText: "printf '%b\\n'" },
                    ],
                    preferred: true,
                  },
                ]
              : [];
          const single = run.commands.find((c) => c.start === w.start)?.words.length === 3;
          out.push({
            range,
            message:
              `echo -e under /bin/sh (dash) writes a literal "-e " into ${w.path}: the first line is broken. Use ` +
              `printf '%b\\n' or COPY the file.`,
            fixes: single ? fixes : [],
          });
          continue;
        }
        if (w.content === null) continue;
        const file = basename(w.path);
        const conf = CONF_FILES[file];
        if (conf && /^\/etc\/systemd\/[^/]+$/.test(w.path)) {
          for (const a of assignments(w.content)) {
            if (conf.options.has(a.key)) continue;
            const right = confFileOf(a.key, file);
            if (!right) continue;
            const rightPath = w.path.replace(/[^/]+$/, right);
            const target = run.commands.find((c) => c.start === w.start)?.redirects.length ? w.path : undefined;
            out.push({
              range,
              message:
                `${a.key}= is a ${right} option, not a ${file} option: systemd ignores it here (write it ` +
                `to ${rightPath}).`,
              fixes: target
                ? [
                    {
                      title: `Write to ${rightPath}`,
                      edits: [pathEdit(ctx, run, w, w.path, rightPath)].filter((e): e is NonNullable<typeof e> => !!e),
                      preferred: true,
                    },
                  ]
                : [],
            });
          }
          continue;
        }
        if (!w.append && (UNIT_FILE.test(w.path) || DROP_IN.test(w.path))) {
          const first = assignments(w.content).find((a) => a.beforeSection);
          if (first) {
            out.push({
              range,
              message:
                `${first.key}= is written to ${w.path} before any [Section] header: systemd ignores options ` +
                'outside a section.',
            });
          }
        }
      }
    }
    return out.map((r) => ({ ...r, fixes: r.fixes?.filter((f) => f.edits.length > 0) }));
  },
};

function pathEdit(
  ctx: Parameters<DockerfileRule['check']>[0],
  run: NonNullable<(typeof ctx.model.steps)[number]['run']>,
  w: { start: number; end: number },
  from: string,
  to: string,
) {
  const text = run.script.slice(w.start, w.end);
  const i = text.lastIndexOf(from);
  if (i < 0) return undefined;
  return { range: ctx.spanRange(run, { start: w.start + i, end: w.start + i + from.length }), newText: to };
}
