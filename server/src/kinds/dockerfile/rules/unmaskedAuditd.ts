import type { DockerfileRule } from '../ruleContext';
import { order, removedAfter } from '../pruneEvents';

const AUDIT_PACKAGES = new Set(['auditd', 'audit']);

export const unmaskedAuditd: DockerfileRule = {
  meta: {
    id: 'SCT110',
    name: 'unmasked-auditd',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'auditd is installed and not masked',
    explanation:
      'The kernel audit subsystem is not namespaced: auditd cannot open the audit netlink socket in a ' +
      'container and fails, so the boot ends `degraded` with `auditd.service` failed. Packages such as ' +
      '`auditd` (Debian) or `audit` (RHEL) enable it on install. Mask it.',
    sources: ['../shared/design.md §1, §3', 'docs/verified-behaviour.md claim 6'],
    recipe: 'RUN systemctl mask auditd.service',
  },
  check(ctx) {
    const { facts } = ctx;
    if (!facts.intent) return [];
    const install = facts.installs.find((i) => i.item.packages.some((p) => AUDIT_PACKAGES.has(p)));
    if (!install) return [];
    if (facts.masked.has('auditd.service')) return [];
    if (
      facts.systemctl.some(
        (s) =>
          s.item.verb === 'disable' &&
          s.item.units.some((u) => /^auditd(\.service)?$/.test(u)) &&
          order(s) > order(install),
      )
    )
      return [];
    const at = order(install);
    if (
      removedAfter(facts, '/etc/systemd/system/multi-user.target.wants/auditd.service', at) &&
      removedAfter(facts, '/etc/systemd/system/sysinit.target.wants/auditd.service', at)
    )
      return [];
    return [
      {
        range: ctx.spanRange(install.run, install.item),
        message:
          'auditd is installed and enabled, but the kernel audit subsystem is not available in containers: ' +
          'auditd.service fails and the boot is degraded (mask it).',
        fixes: [
          {
            title: 'Mask auditd.service',
            edits: [ctx.insertLines(install.step.range.end.line + 1, ['RUN systemctl mask auditd.service'])],
            preferred: true,
          },
        ],
      },
    ];
  },
};
