/** How a docker/podman command line names the run settings, in pitfall messages and fix titles. */
import type { FixWording, Vocabulary } from '../../../runspec/pitfalls';

export const CLI_VOCABULARY: Vocabulary = {
  tmpfs: '`--tmpfs /run --tmpfs /run/lock`',
  cgroupMount: '`-v /sys/fs/cgroup:/sys/fs/cgroup:rw`',
  cgroupHost: '`--cgroupns=host`',
  privileged: '`--privileged`',
  stopSignal: '`--stop-signal=SIGRTMIN+3`',
  containerEnv: '`-e container=docker`',
  hostNetwork: '`--network=host`',
  narrowGrants: '`--cap-add` / `--device`',
};

export const CLI_WORDING: FixWording = {
  tmpfs: '--tmpfs',
  cgroupHost: '--cgroupns=host',
  privileged: '--privileged',
  optionsPlace: '',
  tmpfsOn: (target) => `--tmpfs ${target}`,
  stopSignal: (replacing) => (replacing ? 'Use --stop-signal=SIGRTMIN+3' : 'Add --stop-signal=SIGRTMIN+3'),
  containerEnv: 'Add -e container=docker',
};
