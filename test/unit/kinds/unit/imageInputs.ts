/**
 * A systemd image's Dockerfile lines and a unit, for the tests of the rules on units inside
 * images.
 */
import { unit } from '../../unitHelpers';

export const df = (lines: string[]) => lines.join('\n') + '\n';

export const DEBIAN_SYSTEMD = [
  'FROM debian:bookworm',
  'ENV container=docker',
  'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv && rm -rf ' +
    '/var/lib/apt/lists/*',
];

export const PRUNE = [
  'RUN rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \\',
  '    /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev*',
];

export const TAIL = ['STOPSIGNAL SIGRTMIN+3', 'CMD ["/lib/systemd/systemd"]'];

export const APP = unit([
  '[Unit]',
  'Description=App',
  '',
  '[Service]',
  'ExecStart=/usr/local/bin/app',
  '',
  '[Install]',
  'WantedBy=multi-user.target',
]);
