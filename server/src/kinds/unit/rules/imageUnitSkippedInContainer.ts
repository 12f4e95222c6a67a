import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { parseBoolean } from '../unitFile';
import { dockerfileLabel, systemdImages } from '../imageUnits';

/** systemd.unit(5), ConditionVirtualization=: the VM implementations (the rest of the list are containers). */
const VM_KINDS = new Set([
  'vm',
  'qemu',
  'kvm',
  'amazon',
  'zvm',
  'vmware',
  'microsoft',
  'oracle',
  'powervm',
  'xen',
  'bochs',
  'uml',
  'bhyve',
  'qnx',
  'apple',
  'sre',
  'acrn',
]);

/** Whether `ConditionVirtualization=<value>` is false in any container. */
export function falseInContainers(value: string): boolean {
  const v = value.trim();
  if (v === '!container') return true;
  if (parseBoolean(v) === false) return true; // "not virtualized at all"
  return VM_KINDS.has(v);
}

export const imageUnitSkippedInContainer: UnitFileRule = {
  meta: {
    id: 'SCT702',
    name: 'image-unit-skipped-in-container',
    kind: 'unit',
    defaultSeverity: 'info',
    summary: 'ConditionVirtualization= that is false in a container, in a unit of a container image',
    explanation:
      'systemd.unit(5), ConditionVirtualization=: "Check whether the system is executed in a virtualized ' +
      'environment … Takes either boolean value …, or one of \\"vm\\" and \\"container\\" … The test may ' +
      'be negated by prepending an exclamation mark." systemd detects the container (the `container=` ' +
      'environment variable, /.dockerenv, /run/.containerenv), so in an image that runs systemd ' +
      '`ConditionVirtualization=!container` (or `no`, `vm`, a hypervisor name) is always false: the unit is ' +
      'skipped, not failed — `systemctl status` shows "ConditionVirtualization=!container was not met". ' +
      'Often that is the point (units meant for hosts only), so this is information: know that the unit will ' +
      'not run in this image. With `AssertVirtualization=` the start job fails instead (warning). Reported for ' +
      'unit files that go into an image whose Dockerfile runs systemd.',
    sources: [
      'systemd.unit(5) (systemd 257): ConditionVirtualization=, AssertVirtualization=',
      'systemd-detect-virt(1)',
      "../shared/design.md §1 (container= and systemd's container detection)",
    ],
  },
  check(ctx) {
    const images = systemdImages(ctx);
    if (images.length === 0) return [];
    const out: UnitFileRuleReport[] = [];
    for (const key of ['ConditionVirtualization', 'AssertVirtualization']) {
      for (const entry of ctx.unit.all('Unit', key)) {
        const value = entry.value.replace(/^\|/, '');
        if (!falseInContainers(value)) continue;
        const assert = key.startsWith('Assert');
        out.push({
          range: entry.range,
          message:
            `${key}=${entry.value} is false in a container: in the systemd image ` +
            `of ${dockerfileLabel(ctx, images[0])} this ` +
            'unit ' +
            (assert
              ? 'fails to start (the assertion fails the start job)'
              : 'is always skipped ("condition not met")') +
            '.',
          severity: assert ? 'warning' : undefined,
        });
      }
    }
    return out;
  },
};
