/** Every devcontainer.json rule, in id order. Adding a rule: one module, one line here. */
import type { DevcontainerRule } from './context';
import { devcontainerMissingTmpfs } from './missingTmpfs';
import { devcontainerMissingCgroup } from './missingCgroup';
import { devcontainerPrivileged } from './privileged';
import { devcontainerCgroupRoMount } from './cgroupRoMount';
import { devcontainerCgroupRwWithoutCgroupnsHost } from './cgroupRwWithoutCgroupnsHost';
import { devcontainerCgroupV1PathMount } from './cgroupV1PathMount';
import { devcontainerMissingStopSignal } from './missingStopSignal';
import { devcontainerMissingContainerEnv } from './missingContainerEnv';
import { devcontainerHostRunLockBind } from './hostRunLockBind';
import { devcontainerHostNetworkSystemd } from './hostNetworkSystemd';
import { devcontainerOverrideCommand } from './overrideCommand';

export const devcontainerRules: DevcontainerRule[] = [
  devcontainerMissingTmpfs,
  devcontainerMissingCgroup,
  devcontainerPrivileged,
  devcontainerCgroupRoMount,
  devcontainerCgroupRwWithoutCgroupnsHost,
  devcontainerCgroupV1PathMount,
  devcontainerMissingStopSignal,
  devcontainerMissingContainerEnv,
  devcontainerHostRunLockBind,
  devcontainerHostNetworkSystemd,
  devcontainerOverrideCommand,
];
