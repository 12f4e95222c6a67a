import type { Pitfall } from './types';

/** Privileged mode on any container (the systemd judgement of it is ./privileged.ts). */
export const privilegedContainerPitfall: Pitfall = {
  meta: {
    id: 'privileged-container',
    scope: 'every-container',
    summary: 'privileged mode turns off the container isolation',
    defaultSeverity: 'warning',
    explanation:
      'podman-run(1) (podman 5.4), `--privileged`: "A privileged container turns off the security features ' +
      'that isolate the container from the host. Dropped Capabilities, limited devices, read-only mount ' +
      'points, Apparmor/SELinux separation, and Seccomp filters are all disabled … the privileged field should ' +
      'almost never be set as containers can easily break out of confinement."',
    sources: ['podman-run(1) (podman 5.4): --privileged, --systemd'],
  },
  check({ spec, vocabulary: v, privileged }) {
    if (!privileged) return [];
    return [
      {
        pitfall: 'privileged-container',
        range: spec.privileged!.range,
        message:
          `${v.privileged} turns off the container's isolation (capabilities, device limits, read-only mounts, ` +
          `SELinux/AppArmor, seccomp); grant only what it needs with ${v.narrowGrants}.`,
      },
    ];
  },
  fix: (_report, _spec, w) => ({
    title: `Remove ${w.privileged}`,
    edits: [{ op: 'remove-privileged' }],
    preferred: false,
  }),
};
