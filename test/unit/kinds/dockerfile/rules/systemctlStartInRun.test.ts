/** Tests of SCT114 systemctl-start-in-run: systemctl start/restart/reload during the build. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('systemctl-start-in-run', [
  { title: 'sudo systemctl start', text: df(['FROM centos:centos7', 'RUN sudo systemctl start nginx']), fires: true },
  {
    title: 'restart after install',
    text: df(['FROM debian:12', 'RUN apt-get install -y ssh && systemctl restart ssh || true']),
    fires: true,
  },
  {
    title: 'enable',
    text: df(['FROM centos:7', 'RUN systemctl enable nginx', 'CMD ["/usr/sbin/init"]']),
    fires: false,
  },
]);
