/**
 * devcontainer.json files for the devcontainer rule tests: a complete systemd one and a bare one.
 */
import { lintDevcontainer } from '../../../../server/src/lint';
import { lines, ruleNames } from '../../runspecHelpers';

export const names = (text: string, opts = {}) => ruleNames(lintDevcontainer, text, opts);

export const CLEAN = lines([
  '{',
  '  // a systemd dev container',
  '  "image": "jrei/systemd-debian:12",',
  '  "overrideCommand": false,',
  '  "runArgs": ["--tmpfs=/run", "--tmpfs", "/run/lock", "--cgroupns=host", "--stop-signal=SIGRTMIN+3"],',
  '  "mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"],',
  '  "containerEnv": { "container": "docker" },',
  '}',
]);
