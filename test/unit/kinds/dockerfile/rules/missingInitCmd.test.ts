/** Tests of SCT101 missing-init-cmd: systemd is set up but the image never starts it. */
import { df } from '../../../helpers';
import { DEBIAN_OK } from '../cleanImages';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('missing-init-cmd', [
  {
    title: 'centos: enables a unit but runs tail',
    text: df(['FROM centos:7', 'RUN yum -y install nginx && systemctl enable nginx', 'CMD tail -f /dev/null']),
    fires: true,
  },
  {
    title: 'ubuntu: prunes wants, no CMD at all',
    text: df([
      'FROM ubuntu:22.04',
      'ENV container docker',
      'RUN apt-get update && apt-get install -y systemd',
      'RUN rm -f /lib/systemd/system/multi-user.target.wants/*',
    ]),
    fires: true,
  },
  { title: 'debian: exec-form init', text: DEBIAN_OK, fires: false },
  {
    title: 'bash -c exec init',
    text: df([
      'FROM ubuntu:22.04',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/bin/bash", "-c", "exec /lib/systemd/systemd --log-target=journal 3>&1"]',
    ]),
    fires: false,
  },
  {
    title: 'wrapper script given the init as argument',
    text: df([
      'FROM debian:12',
      'ENV container=docker',
      'STOPSIGNAL SIGRTMIN+3',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv && systemctl mask getty.target',
      'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
    ]),
    fires: false,
  },
]);
