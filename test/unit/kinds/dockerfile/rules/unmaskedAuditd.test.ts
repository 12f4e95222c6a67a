/** Tests of SCT110 unmasked-auditd: auditd is installed and not masked. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('unmasked-auditd', [
  {
    title: 'debian installs auditd',
    text: df([
      'FROM debian:bookworm',
      'ENV container=docker',
      'STOPSIGNAL SIGRTMIN+3',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv auditd',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'rhel installs audit',
    text: df(['FROM rockylinux:9', 'RUN dnf -y install audit', 'CMD ["/usr/sbin/init"]']),
    fires: true,
  },
  {
    title: 'masked',
    text: df(['FROM rockylinux:9', 'RUN dnf -y install audit && systemctl mask auditd', 'CMD ["/usr/sbin/init"]']),
    fires: false,
  },
  {
    title: 'masked by symlink',
    text: df([
      'FROM rockylinux:9',
      'RUN dnf -y install audit && ln -sf /dev/null /etc/systemd/system/auditd.service',
      'CMD ["/usr/sbin/init"]',
    ]),
    fires: false,
  },
]);
