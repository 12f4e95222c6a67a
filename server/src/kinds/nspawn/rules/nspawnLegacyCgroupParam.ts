import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { splitQuoted } from '../../unit/unitFile';

/** Kernel/init command-line switches that ask for the cgroup v1 ("legacy") or hybrid hierarchy. */
export function isLegacyCgroupSwitch(word: string): boolean {
  if (/^systemd\.legacy_systemd_cgroup_controller(=|$)/.test(word)) return true;
  if (/^SYSTEMD_CGROUP_ENABLE_LEGACY_FORCE(=|$)/.test(word)) return true;
  const m = /^systemd\.unified_cgroup_hierarchy=(.*)$/.exec(word);
  return !!m && /^(0|no|false|off)$/i.test(m[1]);
}

export const nspawnLegacyCgroupParam: UnitFileRule = {
  meta: {
    id: 'SCT604',
    name: 'nspawn-legacy-cgroup-param',
    kind: 'nspawn',
    defaultSeverity: 'warning',
    summary: 'a cgroup v1/hybrid switch (removed in systemd ≥ 256)',
    explanation:
      '`systemd.legacy_systemd_cgroup_controller=` (hybrid hierarchy) and `systemd.unified_cgroup_hierarchy=0` ' +
      "(legacy cgroup v1) ask the container's systemd for cgroup v1. systemd's NEWS: in 256, \"Support for cgroup " +
      "v1 ('legacy' and 'hybrid' hierarchies) is now considered obsolete and systemd by default will refuse to " +
      'boot under it" unless `SYSTEMD_CGROUP_ENABLE_LEGACY_FORCE=1` is on the kernel command line; in 257, ' +
      '"systemd by default will ignore configuration that enables them"; "The complete removal of ' +
      'support for cgroup v1 … is scheduled for v258." With a current systemd in the container the ' +
      'switch is ignored at best and stops the boot at worst (256 on a v1 host). These were workarounds ' +
      "for old images on cgroup-v2 hosts (systemd issue 9563); update the image's systemd instead and " +
      'drop the switch.',
    sources: [
      'systemd NEWS (Debian systemd 257 package): CHANGES WITH 256, CHANGES WITH 257',
      'systemd.nspawn(5) (systemd 257): Parameters=, Environment=',
    ],
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const key of ['Parameters', 'Environment']) {
      for (const entry of ctx.list('Exec', key)) {
        for (const w of splitQuoted(entry.value)) {
          if (!isLegacyCgroupSwitch(w.value)) continue;
          out.push({
            range: entry.rangeOf(w.start, w.end),
            message:
              `${w.value} asks for the cgroup v1/hybrid hierarchy, which newer systemd refuses or ignores: ` +
              `remove it.`,
            detail:
              'systemd 256 refuses to boot on cgroup v1 by default, 257 ignores such settings, and 258 removes ' +
              'cgroup v1 support.',
            fixes: [{ title: `Remove ${w.value}`, edits: [ctx.removeWord(entry, w.start, w.end)], preferred: true }],
          });
        }
      }
    }
    return out;
  },
};
