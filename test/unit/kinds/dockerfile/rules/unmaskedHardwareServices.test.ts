/** Tests of SCT111 unmasked-hardware-services: udev or gettys would start in the container. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('unmasked-hardware-services', [
  {
    title: 'ubuntu: getty.target stays wanted',
    text: df([
      'FROM ubuntu:18.04',
      'RUN apt update && apt install systemd -y && systemctl mask getty@tty1.service',
      'CMD ["/bin/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'rocky unmasks what the base masked and installs udev',
    text: df([
      'FROM rockylinux:8',
      'RUN dnf install -y udev && systemctl unmask getty.target console-getty.service',
      'ENTRYPOINT ["/sbin/init"]',
    ]),
    fires: true,
  },
  {
    title: 'masked',
    text: df(['FROM fedora:25', 'RUN systemctl mask getty.target console-getty.service', 'CMD ["/sbin/init"]']),
    fires: false,
  },
  {
    title: 'rocky base masks them',
    text: df(['FROM rockylinux:9', 'ENV container=docker', 'CMD ["/usr/sbin/init"]']),
    fires: false,
  },
]);
