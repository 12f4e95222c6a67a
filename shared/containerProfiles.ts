/** The run profiles unit sandboxing is judged for (containerSandbox.ts), named in the lint config's `runProfile`. */
export type ContainerProfile =
  | 'docker'
  | 'docker-privileged'
  | 'docker-sys-admin'
  | 'docker-seccomp-unconfined'
  | 'podman'
  | 'podman-rootless'
  | 'nspawn';

export const CONTAINER_PROFILES: readonly ContainerProfile[] = [
  'docker',
  'docker-privileged',
  'docker-sys-admin',
  'docker-seccomp-unconfined',
  'podman',
  'podman-rootless',
  'nspawn',
];
