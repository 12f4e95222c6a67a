import type { Fix } from '../../../core/types';
import type { Classified, UnitFileContext, UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import type { UnitEntry } from '../unitFile';
import type { LegacyKey } from '../legacy';

/**
 * The unified-hierarchy (cgroup v2) setting for each cgroup-v1 one systemd.resource-control(5)
 * lists as deprecated, with the value conversion systemd itself applied while it still translated
 * them (src/core/cgroup.c: cgroup_cpu_shares_to_weight, cgroup_weight_blkio_to_io).
 */
const CGROUP_V1: Record<string, { key: string; convert?: (value: string) => string | undefined }> = {
  MemoryLimit: { key: 'MemoryMax' },
  BlockIOAccounting: { key: 'IOAccounting' },
  BlockIOReadBandwidth: { key: 'IOReadBandwidthMax' },
  BlockIOWriteBandwidth: { key: 'IOWriteBandwidthMax' },
  CPUShares: { key: 'CPUWeight', convert: (v) => scale(v, 100, 1024) },
  StartupCPUShares: { key: 'StartupCPUWeight', convert: (v) => scale(v, 100, 1024) },
  BlockIOWeight: { key: 'IOWeight', convert: (v) => scale(v, 100, 500) },
  StartupBlockIOWeight: { key: 'StartupIOWeight', convert: (v) => scale(v, 100, 500) },
  BlockIODeviceWeight: {
    key: 'IODeviceWeight',
    convert: (v) => {
      const m = /^(\S+)\s+(\d+)$/.exec(v.trim());
      const w = m ? scale(m[2], 100, 500) : undefined;
      return m && w ? `${m[1]} ${w}` : undefined;
    },
  },
};

/** weight = clamp(old × newDefault / oldDefault, 1, 10000), integer arithmetic as in systemd. */
function scale(value: string, newDefault: number, oldDefault: number): string | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  return String(Math.min(10000, Math.max(1, Math.floor((Number(value) * newDefault) / oldDefault))));
}

function cgroupV1Fix(entry: UnitEntry): Fix[] {
  const target = CGROUP_V1[entry.key];
  if (!target) return [];
  const value = target.convert ? target.convert(entry.value) : entry.value;
  if (value === undefined) return [];
  const line = `${target.key}=${value}`;
  return [
    { title: `Replace with ${line}`, edits: [{ range: entry.range, newText: line }], preferred: !target.convert },
  ];
}

function legacyFixes(ctx: UnitFileContext, entry: UnitEntry, legacy: LegacyKey): Fix[] {
  const r = legacy.replacement;
  if (legacy.kind === 'removed' && !r)
    return [{ title: `Remove ${entry.key}= (it has no effect)`, edits: [ctx.deleteEntry(entry)], preferred: true }];
  if (!r) return [];
  if (r.section && r.section !== entry.section) {
    const text = ctx.entryText(entry);
    text[0] = text[0].trimStart().replace(entry.key, r.key);
    return [
      {
        title: `Move to [${r.section}] as ${r.key}=`,
        edits: [ctx.deleteEntry(entry), ctx.insertIntoSection(r.section, text)],
        preferred: true,
      },
    ];
  }
  if (r.value !== undefined) {
    // OnFailureIsolate=yes → OnFailureJobMode=isolate (a false value just keeps the default)
    if (!/^(1|yes|y|true|t|on)$/i.test(entry.value))
      return [{ title: `Remove ${entry.key}=`, edits: [ctx.deleteEntry(entry)], preferred: true }];
    return [
      {
        title: `Replace with ${r.key}=${r.value}`,
        edits: [{ range: entry.range, newText: `${r.key}=${r.value}` }],
        preferred: true,
      },
    ];
  }
  return [{ title: `Rename to ${r.key}=`, edits: [{ range: entry.keyRange, newText: r.key }], preferred: true }];
}

/** A key the target systemd reads only to warn: its own words, and the fix they point to. */
function toleratedReport(
  ctx: UnitFileContext,
  entry: UnitEntry,
  status: Classified<'tolerated'>['status'],
): UnitFileRuleReport {
  const { note, release } = status;
  const says = `systemd ${release} says: "${note.message}"`;
  if (note.kind === 'obsolete' && note.replacement) {
    return {
      range: entry.keyRange,
      message: `${entry.key}= is obsolete in systemd ${release}, which reads it as ${note.replacement}= (${says}).`,
      fixes: [
        {
          title: `Rename to ${note.replacement}=`,
          edits: [{ range: entry.keyRange, newText: note.replacement }],
          preferred: true,
        },
      ],
    };
  }
  const v2 = CGROUP_V1[entry.key]?.key ?? note.replacement;
  if (note.kind === 'removed') {
    const fixes = cgroupV1Fix(entry);
    if (!fixes.length)
      fixes.push({
        title: `Remove ${entry.key}= (it has no effect)`,
        edits: [ctx.deleteEntry(entry)],
        preferred: true,
      });
    return {
      range: entry.keyRange,
      message: `${entry.key}= has no effect in systemd ${release}: it is ignored (${says})${v2 ? `; use ${v2}=` : ''}.`,
      fixes,
    };
  }
  return {
    range: entry.keyRange,
    message: `${entry.key}= is deprecated in systemd ${release}${v2 ? `; use ${v2}=` : ''} (${says}).`,
    fixes: cgroupV1Fix(entry),
  };
}

export const deprecatedKey: UnitFileRule = {
  meta: {
    id: 'SCT404',
    name: 'deprecated-key',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a deprecated, renamed, moved or removed key',
    explanation:
      'Keys systemd still reads but no longer documents. systemd.resource-control(5) (257), HISTORY: "Options ' +
      'for controlling the Legacy Control Group Hierarchy (Control Groups version 1) are now fully deprecated: ' +
      'CPUShares=, StartupCPUShares=, MemoryLimit=, BlockIOAccounting=, BlockIOWeight=, StartupBlockIOWeight=, ' +
      'BlockIODeviceWeight=, BlockIOReadBandwidth=, BlockIOWriteBandwidth=. Please switch to the unified ' +
      'cgroup hierarchy" (since systemd 252; systemd 256 and later refuse to boot on cgroup v1 by default, ' +
      'NEWS). The fix writes the cgroup-v2 setting: `MemoryMax=`, `IOAccounting=`, `IOReadBandwidthMax=`, ' +
      '`IOWriteBandwidthMax=` take the same value; `CPUWeight=` (default 100) and `IOWeight=` (default 100) ' +
      'use another scale than `CPUShares=` (default 1024) and `BlockIOWeight=` (default 500), and the value is ' +
      'converted the way systemd converted it while it still translated them. Also reported: keys the target ' +
      'systemd release (252, 257, 262) accepts only to warn, with its own message: removed and ignored ' +
      '(`Capabilities=`, and in 262 `MemoryLimit=`, `CPUShares=`, `CPUAccounting=` …), obsolete ' +
      '(`RequiresOverridable=`, read as `Requires=`), deprecated (`MemoryLimit=` in 252 and 257: "please use ' +
      'MemoryMax= instead"); settings moved from `[Service]` to `[Unit]` in systemd 229 (`StartLimitBurst=`, ' +
      '`StartLimitInterval=`, `StartLimitAction=`, `RebootArgument=`, info), `PermissionsStartOnly=` ' +
      '(deprecated in systemd 240: use the `+` prefix on the command lines that need full privileges), and ' +
      'keys systemd ignores with a warning (`Capabilities=`, `SysVStartPriority=`, `RequiresOverridable=` read ' +
      'as `Requires=` …).',
    sources: [
      'systemd.resource-control(5) (systemd 257), HISTORY',
      'systemd-analyze verify of systemd 252, 257, 262 (scripts/systemd-keys/)',
      'systemd NEWS (systemd 257 package): CHANGES WITH 228, 229, 240, 256',
      'systemd src/core/load-fragment-gperf.gperf.in (legacy names)',
      'systemd src/core/cgroup.c (shares → weight conversion)',
    ],
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    // (findings are sorted by position afterwards: the two groups need not interleave)
    for (const { entry, status } of ctx.entriesWith('known')) {
      if (!status.directive.deprecated) continue;
      const target = CGROUP_V1[entry.key];
      out.push({
        range: entry.keyRange,
        message:
          `${entry.key}= is a cgroup-v1 setting that systemd.resource-control(5) lists as fully ` +
          `deprecated${target ? `; use ${target.key}= (cgroup v2)` : ''}.`,
        fixes: cgroupV1Fix(entry),
      });
    }
    for (const { entry, status } of ctx.entriesWith('tolerated')) out.push(toleratedReport(ctx, entry, status));
    for (const { entry, status } of ctx.entriesWith('legacy')) {
      const l = status.legacy;
      // an old name the target systemd reads the same way is accepted as it is (hover explains it)
      if (l.kind === 'alias') continue;
      const mild = l.kind === 'moved';
      out.push({
        range: entry.keyRange,
        message: `${entry.key}= in [${entry.section}]: ${l.note}.`,
        severity: mild ? 'info' : undefined,
        fixes: legacyFixes(ctx, entry, l),
      });
    }
    return out;
  },
};
