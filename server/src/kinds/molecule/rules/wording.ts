/** How molecule.yml names the run settings, in pitfall messages and fix titles. */
import type { FixWording, Vocabulary } from '../../../runspec/pitfalls';

export const MOLECULE_VOCABULARY: Vocabulary = {
  tmpfs: '`tmpfs: [/run, /run/lock]`',
  cgroupMount: '`volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]`',
  cgroupHost: '`cgroupns_mode: host`',
  privileged: '`privileged: true`',
  stopSignal: '`stop_signal: SIGRTMIN+3`',
  containerEnv: '`env: {container: docker}`',
  hostNetwork: '`network_mode: host`',
  narrowGrants: '`capabilities:` / `devices:`',
};

export const MOLECULE_WORDING: FixWording = {
  tmpfs: 'tmpfs',
  cgroupHost: 'cgroupns_mode: host',
  privileged: 'privileged: true',
  optionsPlace: '',
  tmpfsOn: (target) => `a tmpfs on ${target}`,
  stopSignal: (replacing) => (replacing ? 'Use stop_signal: SIGRTMIN+3' : 'Add stop_signal: SIGRTMIN+3'),
  containerEnv: 'Add container: docker to env',
};
