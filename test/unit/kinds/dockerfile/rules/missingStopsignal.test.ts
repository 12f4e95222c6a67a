/** Tests of SCT106 missing-stopsignal: no STOPSIGNAL SIGRTMIN+3. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('missing-stopsignal', [
  { title: 'rocky', text: df(['FROM rockylinux:9', 'ENV container=docker', 'CMD ["/usr/sbin/init"]']), fires: true },
  {
    title: 'wrong signal',
    text: df(['FROM rockylinux:9', 'STOPSIGNAL SIGTERM', 'CMD ["/usr/sbin/init"]']),
    fires: true,
  },
  {
    title: 'RTMIN+3 without SIG',
    text: df(['FROM rockylinux:9', 'STOPSIGNAL RTMIN+3', 'CMD ["/usr/sbin/init"]']),
    fires: false,
  },
  { title: 'numeric 37', text: df(['FROM rockylinux:9', 'STOPSIGNAL 37', 'CMD ["/usr/sbin/init"]']), fires: false },
]);
