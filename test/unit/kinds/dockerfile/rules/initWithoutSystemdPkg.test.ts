/** Tests of SCT102 init-without-systemd-pkg: CMD starts an init that the image does not have. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('init-without-systemd-pkg', [
  { title: 'debian without systemd', text: df(['FROM debian:bookworm', 'CMD ["/sbin/init"]']), fires: true },
  { title: 'fedora 40 without systemd', text: df(['FROM fedora:40', 'CMD ["/usr/sbin/init"]']), fires: true },
  {
    title: 'yum on a Debian-based app image installs nothing',
    text: df(['FROM nginx', 'RUN yum -y install nginx', 'CMD ["/usr/sbin/init"]']),
    fires: true,
  },
  { title: 'centos:7 ships systemd', text: df(['FROM centos:7', 'CMD ["/usr/sbin/init"]']), fires: false },
  {
    title: 'installed through the init metapackage',
    text: df(['FROM debian:buster', 'RUN apt-get update && apt-get install -y init', 'CMD ["/sbin/init"]']),
    fires: false,
  },
  { title: 'unknown base: silent', text: df(['ARG BASE', 'FROM ${BASE}', 'CMD ["/sbin/init"]']), fires: false },
]);
