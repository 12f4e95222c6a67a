/**
 * `systemd-container-lint security`: each service's exposure and per-setting table, as
 * `systemd-analyze security --offline=yes` of the chosen systemd release computes them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseUnitFile, type UnitFile } from '../../kinds/unit/unitFile';
import { assessService, formatTenths, type ExposureResult } from '../../security/exposure';
import { DEFAULT_SYSTEMD_VERSION } from '../../security/syscalls';
import type { Subcommand } from '../subcommandArgs';
import { parseSubcommandArgs } from '../subcommandArgs';

const USAGE = `Usage: systemd-container-lint security [options] UNIT...

Scores each service unit's sandboxing as \`systemd-analyze security --offline=yes\` of
the chosen systemd release does: the overall exposure (0.0 best, 10.0 worst), its
rating and the table of settings with their share. Drop-ins in UNIT.d/*.conf beside
the unit are read after it, as systemd reads them.

Options:
  --format text|json       output format (default: text); json gives an array of
                           {file, unit, exposure, rating, checks}
  --systemd-version N      the release whose analyzer to follow (default: ${DEFAULT_SYSTEMD_VERSION});
                           measured: 252, 257, 262; others follow the nearest below
  -h, --help               show this help

Exit status: 0 every unit scored, 2 usage or I/O error or a unit that cannot be scored.`;

const MAX_BYTES = 4 * 1024 * 1024;

class InputError extends Error {}

function readUnit(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(`${file}: no such file or directory`);
  }
  if (!stat.isFile()) throw new InputError(`${file}: not a file`);
  if (stat.size > MAX_BYTES) throw new InputError(`${file}: too large (${stat.size} bytes; the limit is ${MAX_BYTES})`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The unit's own drop-in folder beside it, its .conf files in name order. */
function dropIns(file: string): UnitFile[] {
  const dir = `${file}.d`;
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.conf'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => parseUnitFile(readUnit(path.join(dir, n))));
}

export interface SecurityReport extends ExposureResult {
  file: string;
}

export function scoreFile(file: string, systemdVersion: number): SecurityReport {
  const unitName = path.basename(file);
  if (!unitName.endsWith('.service'))
    throw new InputError(`${file}: not a service unit (only .service files are scored)`);
  const text = readUnit(file);
  if (text.includes('\0')) throw new InputError(`${file}: a binary file, not a unit`);
  // A service without a [Service] section is valid (systemd's defaults apply), so it is scored too.
  const files = [parseUnitFile(text), ...dropIns(file)];
  const has = (section: string, key: string) => files.some((f) => f.list(section, key).some((e) => e.value !== ''));
  if (!has('Service', 'ExecStart') && !has('Service', 'ExecStop') && !has('Unit', 'SuccessAction')) {
    throw new InputError(
      `${file}: service has no ExecStart=, ExecStop= or SuccessAction=, so systemd refuses to load it`,
    );
  }
  return { file, ...assessService(files, unitName, systemdVersion) };
}

function textReport(r: SecurityReport): string {
  const rows = r.checks
    .filter((c) => c.set !== null)
    .sort((a, b) => (b.exposure ?? 0) - (a.exposure ?? 0) || a.name.localeCompare(b.name));
  const width = Math.max(...rows.map((c) => c.name.length));
  const lines = rows.map((c) => {
    const share = c.exposure === null ? '' : `  ${formatTenths(c.exposure)}`;
    return `${c.set ? '✓' : '✗'} ${c.name.padEnd(width)}  ${c.description}${share}`;
  });
  return (
    `${r.file}\n${lines.join('\n')}\n→ Overall exposure level ` +
    `for ${r.unit}: ${formatTenths(r.exposure)} ${r.rating}\n`
  );
}

function jsonReport(reports: SecurityReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      file: r.file,
      unit: r.unit,
      exposure: r.exposure / 10,
      rating: r.rating,
      checks: r.checks.map((c) => ({ ...c, exposure: c.exposure === null ? null : c.exposure / 10 })),
    })),
    null,
    2,
  );
}

export const run: Subcommand = async (argv, out, err) => {
  const spec = { name: 'security', usage: USAGE, options: { 'systemd-version': { type: 'string' } } } as const;
  const parsed = parseSubcommandArgs(spec, argv, out, err);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  const versionText = values['systemd-version'];
  const version = versionText === undefined ? DEFAULT_SYSTEMD_VERSION : Number(versionText);
  if (!Number.isInteger(version) || version < 200 || version > 999) {
    err(`systemd-container-lint security: --systemd-version takes a release number such as 257, not "${versionText}"`);
    return 2;
  }
  if (positionals.length === 0) {
    err(`systemd-container-lint security: no UNIT given\n\n${USAGE}`);
    return 2;
  }
  // Like systemd-analyze, a unit that cannot be scored is reported and the others still are.
  const reports: SecurityReport[] = [];
  let failed = false;
  for (const file of positionals) {
    try {
      reports.push(scoreFile(file, version));
    } catch (e) {
      failed = true;
      if (e instanceof InputError) err(`systemd-container-lint security: ${e.message}`);
      else err(`systemd-container-lint security: internal error: ${(e as Error).stack ?? e}`);
    }
  }
  if (reports.length > 0) out(format === 'json' ? jsonReport(reports) : reports.map(textReport).join('\n').trimEnd());
  return failed ? 2 : 0;
};
