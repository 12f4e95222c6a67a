import { PITFALL_TEXT } from '../../runspec/pitfalls';
import type { ComposeRule } from './context';

const text = PITFALL_TEXT['host-network-systemd'];

export const composeHostNetworkSystemd: ComposeRule = {
  meta: {
    id: 'SCT210',
    name: 'compose-host-network-systemd',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'no network_mode: host (use ports:)',
  },
  check(ctx) {
    return ctx.each('host-network-systemd', () => []);
  },
};
