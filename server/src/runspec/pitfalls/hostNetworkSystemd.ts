import type { Pitfall } from './types';

export const hostNetworkSystemdPitfall: Pitfall = {
  meta: {
    id: 'host-network-systemd',
    summary: 'systemd container on the host network',
    defaultSeverity: 'warning',
    explanation:
      "With the host's network namespace, the network units a systemd container brings up (systemd-networkd, " +
      "systemd-resolved, DHCP clients, firewall and SSH services) act on the host's interfaces, routes and ports and " +
      "compete with the host's own services; a privileged container's udev also sees the host's devices. Give the " +
      'container its own network (the default bridge) and publish the ports it needs.',
    sources: ['../shared/design.md §1 (no hardware services)', 'corpus README: compose_host_network_systemd'],
  },
  check({ spec, vocabulary: v }) {
    if (spec.network?.value !== 'host') return [];
    return [
      {
        pitfall: 'host-network-systemd',
        range: spec.network.range,
        message:
          `This systemd container uses the host's network (${v.hostNetwork}): the network services systemd starts ` +
          `act on the host's interfaces and ports.`,
      },
    ];
  },
  // Which network instead, and which ports to publish, is the user's choice.
  fix: () => undefined,
};
