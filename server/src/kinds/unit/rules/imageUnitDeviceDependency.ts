import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { splitQuoted } from '../unitFile';
import { dockerfileLabel, systemdImages } from '../imageUnits';

export const imageUnitDeviceDependency: UnitFileRule = {
  meta: {
    id: 'SCT701',
    name: 'image-unit-device-dependency',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a unit in a container image that requires a .device unit (udev), which never appears there',
    explanation:
      'systemd.device(5): "systemd will dynamically create device units for all kernel devices that are ' +
      'marked with the \\"systemd\\" udev tag … Note that if systemd-udevd.service is not running, no device ' +
      'units will be available (for example in a typical container)." In a systemd container udev is masked ' +
      "or pruned (it cannot work without privileges: /sys is read-only and the kernel's uevents are not " +
      'namespaced), so `BindsTo=dev-ttyUSB0.device` or `Requires=sys-subsystem-net-devices-eth0.device` waits ' +
      'for a device unit that never comes: the start job times out (DefaultDeviceTimeoutSec=, 90 s by default, ' +
      'systemd-system.conf(5)) and the unit fails with a dependency error. Reported for unit files that go ' +
      "into an image whose Dockerfile runs systemd (the Dockerfile in the unit's folder, or one above it that " +
      'COPYs the unit). Depend on the device node with `ConditionPathExists=/dev/…` instead, or pass the ' +
      'device with `--device` and drop the dependency.',
    sources: [
      'systemd.device(5) (systemd 257)',
      'systemd-system.conf(5) (systemd 257): DefaultDeviceTimeoutSec=',
      'systemd.unit(5) (systemd 257): Requires=, BindsTo=',
      '../shared/design.md §1 (no hardware services)',
    ],
  },
  check(ctx) {
    const images = systemdImages(ctx);
    if (images.length === 0) return [];
    const out: UnitFileRuleReport[] = [];
    for (const key of ['BindsTo', 'Requires', 'Requisite']) {
      for (const entry of ctx.list('Unit', key)) {
        for (const w of splitQuoted(entry.value)) {
          if (!w.value.endsWith('.device')) continue;
          out.push({
            range: entry.rangeOf(w.start, w.end),
            message:
              `${key}=${w.value}: this unit goes into the systemd image of ${dockerfileLabel(ctx, images[0])}, ` +
              `where udev does not run and no .device units exist; the start job waits for ${w.value} until the ` +
              'device timeout (90 s by default) and the unit fails.',
            fixes: [{ title: `Remove ${w.value} from ${key}=`, edits: [ctx.removeWord(entry, w.start, w.end)] }],
          });
        }
      }
    }
    return out;
  },
};
