/** Tests of SCT105 missing-container-env: no container= variable for systemd. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('missing-container-env', [
  {
    title: 'debian',
    text: df(['FROM debian:12', 'RUN apt-get update && apt-get install -y systemd systemd-sysv', 'CMD ["/sbin/init"]']),
    fires: true,
  },
  {
    title: 'legacy ENV syntax',
    text: df(['FROM centos:7', 'ENV container docker', 'CMD ["/usr/sbin/init"]']),
    fires: false,
  },
  {
    title: 'multi-variable ENV with container=oci',
    text: df(['FROM fedora:25', 'ENV NAME=x container=oci', 'CMD ["/sbin/init"]']),
    fires: false,
  },
  {
    title: 'ubi-init sets container=oci',
    text: df(['FROM registry.access.redhat.com/ubi8/ubi-init:latest', 'CMD ["/sbin/init"]']),
    fires: false,
  },
]);
