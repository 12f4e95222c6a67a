/**
 * The exposure score in the editor: a code lens on a service's [Service] header with the overall
 * exposure and rating, the per-setting table in the hover there, and the hardening code action.
 */
import type { CodeAction, CodeLens, Hover, Position, Range } from 'vscode-languageserver-types';
import { CodeActionKind } from '../core/lspValues';
import type { LintConfig } from '../core/config';
import { parseUnitFile, type UnitFile } from '../kinds/unit/unitFile';
import { assessService, formatTenths, ratingOf } from './exposure';
import { hardening, type HardeningTarget } from './harden';
import { DEFAULT_SYSTEMD_VERSION } from './syscalls';

const MAX_CHARS = 1_000_000;

function serviceName(path: string): string | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (!name.endsWith('.service') || /\.service\.d\//.test(path)) return undefined;
  return name;
}

function serviceHeader(unit: UnitFile): Range | undefined {
  return unit.sections.find((s) => s.name === 'Service')?.headerRange;
}

/** Where the unit runs, as far as the config says: a host, a named profile, or (unknown) the default Docker profile. */
export function hardeningTarget(config: LintConfig | undefined): HardeningTarget {
  if (config?.target === 'host') return 'host';
  return config?.runProfile ?? 'docker';
}

export function exposureLenses(path: string, text: string): CodeLens[] {
  const name = serviceName(path);
  if (!name || text.length > MAX_CHARS) return [];
  const unit = parseUnitFile(text);
  const header = serviceHeader(unit);
  if (!header) return [];
  const r = assessService([unit], name, DEFAULT_SYSTEMD_VERSION);
  return [
    {
      range: header,
      command: {
        title:
          `Exposure ${formatTenths(r.exposure)} ${r.rating} (systemd-analyze security, ` +
          `systemd ${DEFAULT_SYSTEMD_VERSION})`,
        command: '',
      },
    },
  ];
}

function within(range: Range, p: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(p, range.start) && after(range.end, p);
}

export function exposureHover(path: string, text: string, position: Position): Hover | null {
  const name = serviceName(path);
  if (!name || text.length > MAX_CHARS) return null;
  const unit = parseUnitFile(text);
  const header = serviceHeader(unit);
  if (!header || !within(header, position)) return null;
  const r = assessService([unit], name, DEFAULT_SYSTEMD_VERSION);
  const rows = r.checks
    .filter((c) => c.set !== null)
    .sort((a, b) => (b.exposure ?? 0) - (a.exposure ?? 0))
    .map(
      (c) =>
        `| ${c.set ? '✓' : '✗'} | \`${c.name}\` | ${c.description.replace(/\|/g, '\\|')} ` +
        `| ${c.exposure === null ? '' : formatTenths(c.exposure)} |`,
    );
  const value = [
    `**Overall exposure ${formatTenths(r.exposure)} ${r.rating}** — as \`systemd-analyze security ` +
      `--offline=yes\` of systemd ${DEFAULT_SYSTEMD_VERSION} computes it (the file alone, without drop-ins).`,
    '',
    '| | setting | | exposure |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
  return { contents: { kind: 'markdown', value }, range: header };
}

/** "Harden …" on the [Service] section: the settings of harden.ts appended to it, with the expected score. */
export function hardeningAction(
  uri: string,
  path: string,
  text: string,
  range: Range,
  config: LintConfig | undefined,
): CodeAction | undefined {
  const name = serviceName(path);
  if (!name || text.length > MAX_CHARS) return undefined;
  const unit = parseUnitFile(text);
  const section = unit.sections.find((s) => s.name === 'Service');
  if (!section || range.start.line < section.range.start.line || range.start.line > section.range.end.line)
    return undefined;
  const target = hardeningTarget(config);
  const h = hardening(text, name, target, DEFAULT_SYSTEMD_VERSION);
  if (h.lines.length === 0 || h.after >= h.before) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const end = section.range.end;
  const where = target === 'host' ? 'a host' : target === 'docker' ? 'an unprivileged Docker container' : target;
  return {
    title:
      `Harden for ${where}: add ${h.lines.length} settings (exposure ${formatTenths(h.before)} ` +
      `→ ${formatTenths(h.after)} ${ratingOf(h.after)})`,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [uri]: [{ range: { start: end, end }, newText: eol + h.lines.join(eol) }] } },
  };
}
