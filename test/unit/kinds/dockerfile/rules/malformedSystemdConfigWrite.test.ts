/**
 * Tests of SCT115 malformed-systemd-config-write: a RUN step writes broken systemd configuration.
 */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('malformed-systemd-config-write', [
  {
    title: 'echo -e under dash',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'RUN echo -e "[Unit]\\nDescription=x\\n[Service]\\nExecStart=/bin/true" > /etc/systemd/system/x.service',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'journald option appended to logind.conf',
    text: df([
      'FROM debian:bookworm',
      'RUN echo "ForwardToConsole=yes" >> /etc/systemd/logind.conf',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  {
    title: 'drop-in without a section header',
    text: df([
      'FROM debian:bookworm',
      'RUN mkdir -p /etc/systemd/system/x.service.d && printf "Restart=always\\n" > ' +
        '/etc/systemd/system/x.service.d/override.conf',
    ]),
    fires: true,
  },
  {
    title: 'echo -e under bash (Fedora /bin/sh is bash)',
    text: df(['FROM fedora:40', 'RUN echo -e "[Unit]\\nDescription=x" > /etc/systemd/system/x.service']),
    fires: false,
  },
  {
    title: 'right file',
    text: df([
      'FROM debian:bookworm',
      'RUN echo "ReadKMsg=no" >> /etc/systemd/journald.conf && echo "NAutoVTs=0" >> /etc/systemd/logind.conf',
    ]),
    fires: false,
  },
  {
    title: 'heredoc with a section',
    text: df([
      'FROM debian:bookworm',
      'RUN cat > /etc/systemd/system/x.service <<EOF',
      '[Unit]',
      'Description=x',
      'EOF',
    ]),
    fires: false,
  },
]);
