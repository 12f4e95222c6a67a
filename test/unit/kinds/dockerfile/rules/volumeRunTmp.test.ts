/** Tests of SCT113 volume-run-tmp: VOLUME /run, /run/lock or /tmp instead of tmpfs. */
import { df } from '../../../helpers';
import { dockerfileRuleCases } from './ruleCases';

dockerfileRuleCases('volume-run-tmp', [
  {
    title: 'VOLUME /run',
    text: df(['FROM centos:7', 'ENV container=docker', 'VOLUME /run', 'CMD ["/usr/sbin/init.sh"]']),
    fires: true,
  },
  {
    title: 'VOLUME /tmp in an app image',
    text: df(['FROM node:20', 'VOLUME /tmp', 'CMD ["node", "x.js"]']),
    fires: false,
  },
]);
