import type { DockerfileRule } from '../ruleContext';
import { order, removedAfter } from '../pruneEvents';
import { HARDWARE_UNITS, maskLine } from '../../dockerfile/recipes';
import { WANTS_DIRS } from '../../dockerfile/facts';
import { defaultLinksKnown } from '../recipeEdits';

/** Packages that bring udev (directly or as a dependency of a metapackage). */
const UDEV_PACKAGES = new Set([
  'udev',
  'systemd-udev',
  'ubuntu-server',
  'ubuntu-standard',
  'ubuntu-desktop',
  'multipath-tools',
  'lvm2',
]);

export const unmaskedHardwareServices: DockerfileRule = {
  meta: {
    id: 'SCT111',
    name: 'unmasked-hardware-services',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'udev or gettys would start in the container',
    explanation:
      '`systemd-udevd`, `systemd-udev-trigger` and the gettys (`getty.target`, `getty@`, `console-getty`) are ' +
      'for machines with hardware and consoles. Unprivileged, udev and `getty@tty1` are skipped by their ' +
      'conditions (read-only `/sys`, no `/dev/tty0`), but `console-getty` starts when a TTY is allocated ' +
      '(`-t`), gettys fail and leave the boot `degraded` when `/dev/tty0` exists, and with `--privileged` ' +
      "(writable `/sys`) udev acts on the host's devices (verified on dockerd: docs/verified-behaviour.md). " +
      "systemd's packages enable `getty.target` in `multi-user.target.wants`. Prune the wants or mask these " +
      'units. RHEL-family base images (CentOS, Rocky, Alma, UBI) ship them masked.',
    sources: [
      '../shared/design.md §1, §2',
      'systemd: docs/CONTAINER_INTERFACE.md',
      'docs/verified-behaviour.md claim 5',
    ],
    recipe: `RUN systemctl mask ${HARDWARE_UNITS.join(' ')}`,
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (!facts.intent || !defaultLinksKnown(ctx) || facts.customDefaultTarget || facts.opaqueSteps.length) return [];
    const reasons: string[] = [];
    const systemdAt = facts.systemdInstall ? order(facts.systemdInstall) : -1;
    const baseMasks = model.base.masksHardwareServices && !facts.systemdInstall;
    const gettyMasked =
      facts.masked.has('getty.target') ||
      facts.disabled.has('getty.target') ||
      (baseMasks && !facts.unmasked.has('getty.target'));
    // Enabled again (systemctl enable, or a link into a wants directory) after a prune: on.
    const gettyEnabled = facts.enabled.get('getty.target');
    const gettyPruned = removedAfter(
      facts,
      `${WANTS_DIRS.multiUser}/getty.target`,
      gettyEnabled ? gettyEnabled.range.start.line * 1e7 + 1e7 - 1 : systemdAt,
    );
    if (!facts.masked.has('getty.target') && (gettyEnabled ? !gettyPruned : !gettyMasked && !gettyPruned))
      reasons.push('getty.target (gettys on the console)');
    const udevInstall = facts.installs.find((i) => i.item.packages.some((p) => UDEV_PACKAGES.has(p)));
    if (udevInstall) {
      const at = order(udevInstall);
      const udevMasked = facts.masked.has('systemd-udevd.service') && facts.masked.has('systemd-udev-trigger.service');
      if (
        !udevMasked &&
        !(
          removedAfter(facts, `${WANTS_DIRS.sysinit}/systemd-udev-trigger.service`, at) &&
          removedAfter(facts, `${WANTS_DIRS.sockets}/systemd-udevd-kernel.socket`, at)
        )
      ) {
        reasons.push('systemd-udevd and systemd-udev-trigger');
      }
    }
    if (reasons.length === 0) return [];
    const anchor = udevInstall ?? facts.systemdInstall;
    return [
      {
        range: anchor ? ctx.spanRange(anchor.run, anchor.item) : ctx.fromRange,
        message: `${reasons.join(' and ')} would start in the container: mask them or prune the wants.`,
        fixes: [
          {
            title: 'Mask udev and getty units',
            edits: [ctx.insertLines(ctx.afterLastInstallLine, [maskLine(HARDWARE_UNITS)])],
            preferred: true,
          },
        ],
      },
    ];
  },
};
