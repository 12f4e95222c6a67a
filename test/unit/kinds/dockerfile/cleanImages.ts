/**
 * Clean systemd Dockerfiles, one per distribution family: the rule tests' silent cases and the
 * family test.
 */
import { df } from '../../helpers';

export const DEBIAN_OK = df([
  'FROM debian:bookworm',
  'ENV container=docker',
  'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv && rm -rf ' +
    '/var/lib/apt/lists/*',
  'RUN cd /lib/systemd/system/sysinit.target.wants/ \\',
  '    && for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] || rm -f "$unit"; done \\',
  '    && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \\',
  '       /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \\',
  '       /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*',
  'STOPSIGNAL SIGRTMIN+3',
  'CMD ["/lib/systemd/systemd"]',
]);

export const FEDORA_OK = df([
  'FROM fedora:40',
  'ENV container=docker',
  'RUN dnf -y install systemd && dnf clean all',
  'RUN (cd /usr/lib/systemd/system/sysinit.target.wants/; for i in *; do [ $i == ' +
    'systemd-tmpfiles-setup.service ] || rm -f $i; done); \\',
  '    rm -f /usr/lib/systemd/system/multi-user.target.wants/*; rm -f /etc/systemd/system/*.wants/*; \\',
  '    rm -f /usr/lib/systemd/system/local-fs.target.wants/*; rm -f ' +
    '/usr/lib/systemd/system/sockets.target.wants/*udev*; \\',
  '    rm -f /usr/lib/systemd/system/sockets.target.wants/*initctl*; rm -f ' +
    '/usr/lib/systemd/system/basic.target.wants/*',
  'STOPSIGNAL RTMIN+3',
  'CMD ["/usr/sbin/init"]',
]);
