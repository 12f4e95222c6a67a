/** Quadlet rules (SCT5xx), in id order. */
import type { UnitRule } from '../unitfile/context';
import { quadletPrivileged } from './quadletPrivileged';
import { quadletCgroupBindMount } from './quadletCgroupBindMount';
import { quadletEngineSocketMount } from './quadletEngineSocketMount';
import { quadletSystemdImageWithoutSystemdMode } from './quadletSystemdImageWithoutSystemdMode';
import { quadletIneffectivePodmanArgs } from './quadletIneffectivePodmanArgs';
import { quadletRootlessSystemTarget } from './quadletRootlessSystemTarget';
import { quadletUnsupportedServiceSetting } from './quadletUnsupportedServiceSetting';

export const quadletRules: UnitRule[] = [
  quadletPrivileged,
  quadletCgroupBindMount,
  quadletEngineSocketMount,
  quadletSystemdImageWithoutSystemdMode,
  quadletIneffectivePodmanArgs,
  quadletRootlessSystemTarget,
  quadletUnsupportedServiceSetting,
];
