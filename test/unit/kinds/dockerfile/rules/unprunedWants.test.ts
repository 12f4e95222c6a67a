/** Tests of SCT107 unpruned-wants: default *.wants links are not pruned. */
import { df } from '../../../helpers';
import { DEBIAN_OK } from '../cleanImages';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('unpruned-wants', [
  {
    title: 'ubuntu installs systemd, no prune',
    text: df(['FROM ubuntu:jammy', 'RUN apt update && apt install -y systemd', 'CMD ["/lib/systemd/systemd"]']),
    fires: true,
  },
  {
    title: 'removing getty.target only is not pruning',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'RUN rm -f /lib/systemd/system/multi-user.target.wants/getty.target',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  { title: 'canonical prune', text: DEBIAN_OK, fires: false },
  {
    title: 'ls | grep -v | xargs rm prune',
    text: df([
      'FROM centos:7',
      'RUN cd /lib/systemd/system/sysinit.target.wants/; ls | grep -v systemd-tmpfiles-setup | xargs rm -f; ' +
        'rm -f /lib/systemd/system/multi-user.target.wants/*',
      'CMD ["/usr/sbin/init"]',
    ]),
    fires: false,
  },
  {
    title: 'custom default target',
    text: df([
      'FROM centos:7',
      'COPY my.target /lib/systemd/system/',
      'RUN systemctl set-default my.target',
      'CMD ["/usr/sbin/init"]',
    ]),
    fires: false,
  },
]);
