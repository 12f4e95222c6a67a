/** How a compose file names the run settings, in pitfall messages and fix titles. */
import type { FixWording, Vocabulary } from '../../../runspec/pitfalls';

export const COMPOSE_VOCABULARY: Vocabulary = {
  tmpfs: '`tmpfs: [/run, /run/lock]`',
  cgroupMount: '`/sys/fs/cgroup:/sys/fs/cgroup:rw` in `volumes`',
  cgroupHost: '`cgroup: host`',
  privileged: '`privileged: true`',
  stopSignal: '`stop_signal: SIGRTMIN+3`',
  containerEnv: '`container=docker` in `environment`',
  hostNetwork: '`network_mode: host`',
  narrowGrants: '`cap_add:` / `devices:`',
};

export const COMPOSE_WORDING: FixWording = {
  tmpfs: 'tmpfs',
  cgroupHost: 'cgroup: host',
  privileged: 'privileged: true',
  optionsPlace: '',
  tmpfsOn: (target) => `a tmpfs on ${target}`,
  stopSignal: () => 'Set stop_signal: SIGRTMIN+3',
  containerEnv: 'Add container=docker to environment',
};
