/**
 * Tests of SCT116 package-service-fails-in-container: an installed package ships a service whose
 * sandboxing cannot start in an unprivileged container.
 */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('package-service-fails-in-container', [
  {
    title: 'redis-server on bookworm',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get install -y systemd systemd-sysv redis-server',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'earlyoom (DynamicUser=) on trixie',
    text: df([
      'FROM debian:trixie',
      'RUN apt-get install -y systemd systemd-sysv earlyoom',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'nginx',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get install -y systemd systemd-sysv nginx',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: false,
  },
  {
    title: 'drop-in written',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get install -y systemd systemd-sysv redis-server',
      'COPY container.conf /etc/systemd/system/redis-server.service.d/',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: false,
  },
]);
