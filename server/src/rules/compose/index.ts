/** Every compose rule, in id order. Adding a rule: one module, one line here. */
import type { ComposeRule } from './context';
import { composeMissingTmpfs } from './missingTmpfs';
import { composeMissingCgroup } from './missingCgroup';
import { composePrivileged } from './privileged';
import { composeCgroupRoMount } from './cgroupRoMount';
import { composeCgroupRwWithoutCgroupnsHost } from './cgroupRwWithoutCgroupnsHost';
import { composeCgroupV1PathMount } from './cgroupV1PathMount';
import { composeMissingStopSignal } from './missingStopSignal';
import { composeMissingContainerEnv } from './missingContainerEnv';
import { composeHostRunLockBind } from './hostRunLockBind';
import { composeHostNetworkSystemd } from './hostNetworkSystemd';

export const composeRules: ComposeRule[] = [
  composeMissingTmpfs,
  composeMissingCgroup,
  composePrivileged,
  composeCgroupRoMount,
  composeCgroupRwWithoutCgroupnsHost,
  composeCgroupV1PathMount,
  composeMissingStopSignal,
  composeMissingContainerEnv,
  composeHostRunLockBind,
  composeHostNetworkSystemd,
];
