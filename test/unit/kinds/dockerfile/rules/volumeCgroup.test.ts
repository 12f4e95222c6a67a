/** Tests of SCT112 volume-cgroup: VOLUME /sys/fs/cgroup does not give systemd a cgroup. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('volume-cgroup', [
  {
    title: 'VOLUME /sys/fs/cgroup',
    text: df(['FROM centos:7', 'VOLUME [ "/sys/fs/cgroup" ]', 'CMD ["/usr/sbin/init"]']),
    fires: true,
  },
  { title: 'other volume', text: df(['FROM centos:7', 'VOLUME ["/data"]', 'CMD ["/usr/sbin/init"]']), fires: false },
]);
