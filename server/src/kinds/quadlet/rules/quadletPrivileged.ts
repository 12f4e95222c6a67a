import type { UnitFileRule } from '../../unit/ruleContext';
import { optionOn, podmanOptions } from '../podmanArgs';
import { removeOption, wordsRange } from '../podmanEdits';

export const quadletPrivileged: UnitFileRule = {
  meta: {
    id: 'SCT501',
    name: 'quadlet-privileged',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'PodmanArgs=--privileged',
    explanation:
      'podman-run(1) (podman 5.4), `--privileged`: "A privileged container turns off the security features ' +
      'that isolate the container from the host. Dropped Capabilities, limited devices, read-only mount ' +
      'points, Apparmor/SELinux separation, and Seccomp filters are all disabled … the privileged field should ' +
      'almost never be set as containers can easily break out of confinement." Quadlet has no key for it on ' +
      'purpose; passing it through `PodmanArgs=` hides it from review. systemd in a container does not need ' +
      "it: Podman's systemd mode gives it tmpfs mounts and a writable cgroup. Grant what the workload needs " +
      'instead: `AddCapability=`, `AddDevice=`, `SecurityLabelDisable=` for one label problem. Rootless, the ' +
      "container cannot get more privileges than the user, but it still gets all of the user's.",
    sources: [
      'podman-run(1) (podman 5.4): --privileged, --systemd',
      'podman-systemd.unit(5) (podman 5.4): PodmanArgs=',
    ],
    recipe: 'AddCapability=<only what is needed> / AddDevice=<device>',
  },
  appliesTo: (doc) => doc.fileType === 'quadlet-container',
  check(ctx) {
    return podmanOptions(ctx)
      .filter((o) => o.name === '--privileged' && optionOn(o))
      .map((o) => ({
        range: wordsRange(o.words),
        message:
          "--privileged turns off the container's isolation (capabilities, device limits, read-only mounts, " +
          'SELinux/AppArmor, seccomp); grant only what it needs with AddCapability= / AddDevice=.',
        fixes: [{ title: 'Remove --privileged', edits: [removeOption(ctx, o)] }],
      }));
  },
};
