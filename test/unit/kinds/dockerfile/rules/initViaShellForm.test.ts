/**
 * Tests of SCT104 init-via-shell-form: systemd is started through a shell, so PID 1 may be the
 * shell.
 */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('init-via-shell-form', [
  {
    title: 'shell-form ENTRYPOINT',
    text: df(['FROM archlinux', 'ENTRYPOINT /sbin/init quiet loglevel=3']),
    fires: true,
  },
  {
    title: 'sh -c without exec',
    text: df(['FROM fedora:30', 'CMD ["/bin/sh", "-c", "setup.sh; /usr/sbin/init"]']),
    fires: true,
  },
  { title: 'exec form', text: df(['FROM archlinux', 'ENTRYPOINT ["/sbin/init", "quiet"]']), fires: false },
]);
