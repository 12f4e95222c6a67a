/**
 * Keys systemd still reads although its 257 man pages (and so the directive database) no longer
 * describe them: old names, settings that moved to [Unit], deprecated ones, and removed ones
 * it ignores with a warning. Without this table such keys would be "unknown"; with it they are
 * explained. Sources: systemd's NEWS (shipped in Debian's systemd 257 package) and the parser
 * table src/core/load-fragment-gperf.gperf.in, whose comments mark the legacy names.
 */
export type LegacyKind =
  /** another name for a documented key, read the same way */
  | 'alias'
  /** still read in an old section; documented only in the new one */
  | 'moved'
  /** read, but deprecated */
  | 'deprecated'
  /** no longer has any effect; systemd logs a warning and ignores it */
  | 'removed';

export interface LegacyKey {
  key: string;
  /** Sections where systemd still accepts it (unit types whose files have that section). */
  sections: string[];
  kind: LegacyKind;
  /** The documented key to use instead (and its section, when it moved). */
  replacement?: { key: string; section?: string; value?: string };
  /** What to tell the user. */
  note: string;
  source: string;
}

const GPERF = 'systemd src/core/load-fragment-gperf.gperf.in';
const EXEC_SECTIONS = ['Service', 'Socket', 'Mount', 'Swap'];
const CGROUP_SECTIONS = ['Service', 'Socket', 'Mount', 'Swap', 'Slice', 'Scope'];

export const LEGACY_KEYS: LegacyKey[] = [
  {
    key: 'StartLimitInterval',
    sections: ['Unit'],
    kind: 'alias',
    replacement: { key: 'StartLimitIntervalSec' },
    note: 'the old name of StartLimitIntervalSec=',
    source: `${GPERF} ("legacy alias name for compatibility")`,
  },
  {
    key: 'StartLimitInterval',
    sections: ['Service'],
    kind: 'moved',
    replacement: { key: 'StartLimitIntervalSec', section: 'Unit' },
    note: 'moved to [Unit] (as StartLimitIntervalSec=) in systemd 229; still read in [Service] for compatibility',
    source: 'systemd NEWS, CHANGES WITH 229',
  },
  {
    key: 'StartLimitBurst',
    sections: ['Service'],
    kind: 'moved',
    replacement: { key: 'StartLimitBurst', section: 'Unit' },
    note: 'moved to [Unit] in systemd 229; still read in [Service] for compatibility',
    source: 'systemd NEWS, CHANGES WITH 229',
  },
  {
    key: 'StartLimitAction',
    sections: ['Service'],
    kind: 'moved',
    replacement: { key: 'StartLimitAction', section: 'Unit' },
    note: 'moved to [Unit] in systemd 229; still read in [Service] for compatibility',
    source: 'systemd NEWS, CHANGES WITH 229',
  },
  {
    key: 'RebootArgument',
    sections: ['Service'],
    kind: 'moved',
    replacement: { key: 'RebootArgument', section: 'Unit' },
    note: 'moved to [Unit] in systemd 229; still read in [Service] for compatibility',
    source: 'systemd NEWS, CHANGES WITH 229',
  },
  {
    key: 'FailureAction',
    sections: ['Service'],
    kind: 'moved',
    replacement: { key: 'FailureAction', section: 'Unit' },
    note: 'documented in [Unit]; still read in [Service] for compatibility',
    source: `${GPERF} ("only exist for compatibility, they moved into Unit")`,
  },
  {
    key: 'BindTo',
    sections: ['Unit'],
    kind: 'alias',
    replacement: { key: 'BindsTo' },
    note: 'an old spelling of BindsTo=',
    source: GPERF,
  },
  {
    key: 'PropagateReloadTo',
    sections: ['Unit'],
    kind: 'alias',
    replacement: { key: 'PropagatesReloadTo' },
    note: 'the old name of PropagatesReloadTo=',
    source: GPERF,
  },
  {
    key: 'PropagateReloadFrom',
    sections: ['Unit'],
    kind: 'alias',
    replacement: { key: 'ReloadPropagatedFrom' },
    note: 'the old name of ReloadPropagatedFrom=',
    source: GPERF,
  },
  {
    key: 'OnFailureIsolate',
    sections: ['Unit'],
    kind: 'alias',
    replacement: { key: 'OnFailureJobMode', value: 'isolate' },
    note: 'the old form of OnFailureJobMode=isolate',
    source: `${GPERF} ("legacy alias name for compatibility")`,
  },
  {
    key: 'PermissionsStartOnly',
    sections: ['Service'],
    kind: 'deprecated',
    note:
      'deprecated since systemd 240 (still supported for backwards compatibility); the "+", "!" and "!!" ' +
      'prefixes on ExecStartPre= and the other command lines do the same per command',
    source: 'systemd NEWS, CHANGES WITH 240',
  },
  {
    key: 'RequiresOverridable',
    sections: ['Unit'],
    kind: 'removed',
    replacement: { key: 'Requires' },
    note: 'removed in systemd 228; systemd reads it as Requires= and logs a warning',
    source: 'systemd NEWS, CHANGES WITH 228',
  },
  {
    key: 'RequisiteOverridable',
    sections: ['Unit'],
    kind: 'removed',
    replacement: { key: 'Requisite' },
    note: 'removed in systemd 228; systemd reads it as Requisite= and logs a warning',
    source: 'systemd NEWS, CHANGES WITH 228',
  },
  {
    key: 'IgnoreOnSnapshot',
    sections: ['Unit'],
    kind: 'removed',
    note: 'snapshot units were removed in systemd 228; the key is ignored with a warning',
    source: `systemd NEWS, CHANGES WITH 228; ${GPERF} (config_parse_warn_compat)`,
  },
  {
    key: 'SysVStartPriority',
    sections: ['Service'],
    kind: 'removed',
    note: 'no longer supported; ignored with a warning',
    source: `${GPERF} (config_parse_warn_compat)`,
  },
  {
    key: 'BusPolicy',
    sections: ['Service'],
    kind: 'removed',
    note: 'kdbus policy, no longer supported; ignored with a warning',
    source: `${GPERF} (config_parse_warn_compat)`,
  },
  {
    key: 'Capabilities',
    sections: EXEC_SECTIONS,
    kind: 'removed',
    note: 'no longer supported and ignored with a warning; use CapabilityBoundingSet= and AmbientCapabilities=',
    source: `${GPERF} (config_parse_warn_compat)`,
  },
  {
    key: 'NetClass',
    sections: CGROUP_SECTIONS,
    kind: 'removed',
    note: 'no longer supported; ignored with a warning',
    source: `${GPERF} (config_parse_warn_compat)`,
  },
];

export function legacyKey(section: string, key: string): LegacyKey | undefined {
  return LEGACY_KEYS.find((l) => l.key === key && l.sections.includes(section));
}
