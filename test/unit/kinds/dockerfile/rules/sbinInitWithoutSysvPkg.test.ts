/**
 * Tests of SCT103 sbin-init-without-sysv-pkg: /sbin/init is started but its package is not
 * installed.
 */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('sbin-init-without-sysv-pkg', [
  {
    title: 'debian: systemd without systemd-sysv, /sbin/init',
    text: df(['FROM debian:bookworm', 'RUN apt-get update && apt-get install -y systemd', 'CMD ["/sbin/init"]']),
    fires: true,
  },
  {
    title: 'ubuntu: symlink made by hand',
    text: df([
      'FROM ubuntu:24.04',
      'RUN apt-get update && apt-get install -y systemd && ln -s /lib/systemd/systemd /sbin/init',
      'CMD ["/sbin/init"]',
    ]),
    fires: false,
  },
  {
    title: 'debian: starts /lib/systemd/systemd',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y systemd',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: false,
  },
  {
    title: 'fedora: systemd provides /sbin/init',
    text: df(['FROM fedora:40', 'RUN dnf -y install systemd', 'CMD ["/sbin/init"]']),
    fires: false,
  },
]);
