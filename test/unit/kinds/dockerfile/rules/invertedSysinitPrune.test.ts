/**
 * Tests of SCT108 inverted-sysinit-prune: removes the one sysinit unit the recipe keeps, and keeps
 * the rest.
 */
import { df } from '../../../helpers';
import { DEBIAN_OK } from '../cleanImages';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('inverted-sysinit-prune', [
  {
    title: 'find -name tmpfiles-setup -delete',
    text: df([
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y systemd',
      'RUN find /lib/systemd/system/sysinit.target.wants/ -name "systemd-tmpfiles-setup.service" -delete && ' +
        'rm -f /lib/systemd/system/multi-user.target.wants/*',
      'CMD ["/lib/systemd/systemd"]',
    ]),
    fires: true,
  },
  { title: 'canonical loop', text: DEBIAN_OK, fires: false },
]);
