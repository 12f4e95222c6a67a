import { PITFALL_TEXT } from '../../runspec/pitfalls';
import type { DevcontainerRule } from './context';

const text = PITFALL_TEXT['host-network-systemd'];

export const devcontainerHostNetworkSystemd: DevcontainerRule = {
  meta: {
    id: 'SCT260',
    name: 'devcontainer-host-network-systemd',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'no --network=host in runArgs (use forwardPorts)',
  },
  check(ctx) {
    return ctx.each('host-network-systemd', () => []);
  },
};
