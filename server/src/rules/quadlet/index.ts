/** Quadlet rules (SCT5xx), in id order. */
import type { UnitRule } from '../unitfile/context';
import { quadletPrivileged } from './quadletPrivileged';
import { quadletCgroupBindMount } from './quadletCgroupBindMount';
import { quadletEngineSocketMount } from './quadletEngineSocketMount';
import { quadletSystemdImageWithoutSystemdMode } from './quadletSystemdImageWithoutSystemdMode';
import { quadletIneffectivePodmanArgs } from './quadletIneffectivePodmanArgs';
import { quadletRootlessSystemTarget } from './quadletRootlessSystemTarget';
import { quadletUnsupportedServiceSetting } from './quadletUnsupportedServiceSetting';
import { quadletRefusedValue } from './quadletRefusedValue';
import { quadletMissingReference } from './quadletMissingReference';
import { quadletUnavailable } from './quadletUnavailable';
import { quadletDeprecatedKey } from './quadletDeprecatedKey';

export const quadletRules: UnitRule[] = [
  quadletPrivileged,
  quadletCgroupBindMount,
  quadletEngineSocketMount,
  quadletSystemdImageWithoutSystemdMode,
  quadletIneffectivePodmanArgs,
  quadletRootlessSystemTarget,
  quadletUnsupportedServiceSetting,
  quadletRefusedValue,
  quadletMissingReference,
  quadletUnavailable,
  quadletDeprecatedKey,
];
