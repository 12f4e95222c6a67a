/**
 * Ids of the containers view's commands, for the modules that run them (the boot watches, Run
 * with systemd, the nspawn commands) without importing the view that registers them.
 */
export const CONTAINER_COMMANDS = {
  refresh: 'systemdContainerTools.containers.refresh',
  shell: 'systemdContainerTools.container.shell',
  blame: 'systemdContainerTools.container.blame',
  criticalChain: 'systemdContainerTools.container.criticalChain',
  stop: 'systemdContainerTools.container.stop',
  remove: 'systemdContainerTools.container.remove',
  /** Internal: reveal a container in the view. */
  reveal: 'systemdContainerTools.container.reveal',
  /** Internal: `systemctl status` of every failed unit. */
  failedStatus: 'systemdContainerTools.container.failedUnitsStatus',
} as const;
