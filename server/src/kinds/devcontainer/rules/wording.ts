/** How devcontainer.json names the run settings, in pitfall messages and fix titles. */
import type { FixWording, Vocabulary } from '../../../runspec/pitfalls';

export const DEVCONTAINER_VOCABULARY: Vocabulary = {
  tmpfs: '`"--tmpfs=/run", "--tmpfs=/run/lock"` in `runArgs`',
  cgroupMount: 'a `/sys/fs/cgroup` bind in `mounts`',
  cgroupHost: '`"--cgroupns=host"` in `runArgs`',
  privileged: '`"privileged": true`',
  stopSignal: '`"--stop-signal=SIGRTMIN+3"` in `runArgs`',
  containerEnv: '`"container": "docker"` in `containerEnv`',
  hostNetwork: '`--network=host`',
  narrowGrants: '`--cap-add` / `--device`',
};

export const DEVCONTAINER_WORDING: FixWording = {
  tmpfs: '--tmpfs',
  cgroupHost: '--cgroupns=host',
  privileged: '"privileged": true',
  optionsPlace: ' to runArgs',
  tmpfsOn: (target) => `a tmpfs on ${target}`,
  stopSignal: (replacing) => (replacing ? 'Use --stop-signal=SIGRTMIN+3' : 'Add --stop-signal=SIGRTMIN+3 to runArgs'),
  containerEnv: 'Add container=docker to containerEnv',
};
