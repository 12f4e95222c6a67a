/** Compose files and workspaces the compose tests and the pitfall tests (through compose) share. */
import { lintCompose } from '../../../../server/src/lint';
import { lines, ruleNames } from '../../runspecHelpers';

export const names = (text: string, opts = {}) => ruleNames(lintCompose, text, opts);

export const CLEAN = lines([
  'services:',
  '  sd:',
  '    image: jrei/systemd-debian:12',
  '    cgroup: host',
  '    tmpfs:',
  '      - /run',
  '      - /run/lock',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
  '    stop_signal: SIGRTMIN+3',
  '    environment:',
  '      container: docker',
]);

/** A systemd service missing everything (the command says it runs systemd). */
export const BARE = lines(['services:', '  sd:', '    image: debian:12', '    command: /sbin/init']);

/** A workspace with files, for build contexts and extends. */
export function workspace(files: Record<string, string>) {
  return { path: '/ws/compose.yaml', readFile: (f: string) => files[f] };
}
