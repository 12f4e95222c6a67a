/** Tests of SCT109 install-after-prune: packages are installed after the wants were pruned. */
import { df } from '../../../helpers';
import { FEDORA_OK } from '../cleanImages';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('install-after-prune', [
  {
    title: 'yum install after the prune RUN',
    text: df([
      'FROM rockylinux:9',
      'RUN rm -f /lib/systemd/system/multi-user.target.wants/*; rm -f /etc/systemd/system/*.wants/*',
      'RUN yum -y install openssh-server',
      'CMD ["/usr/sbin/init"]',
    ]),
    fires: true,
  },
  { title: 'install first, then prune', text: FEDORA_OK, fires: false },
]);
