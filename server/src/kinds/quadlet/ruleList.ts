/** Quadlet rules (SCT5xx), in id order. */
import type { UnitFileRule } from '../unit/ruleContext';
import { quadletPrivileged } from './rules/quadletPrivileged';
import { quadletCgroupBindMount } from './rules/quadletCgroupBindMount';
import { quadletEngineSocketMount } from './rules/quadletEngineSocketMount';
import { quadletSystemdImageWithoutSystemdMode } from './rules/quadletSystemdImageWithoutSystemdMode';
import { quadletIneffectivePodmanArgs } from './rules/quadletIneffectivePodmanArgs';
import { quadletRootlessSystemTarget } from './rules/quadletRootlessSystemTarget';
import { quadletUnsupportedServiceSetting } from './rules/quadletUnsupportedServiceSetting';
import { quadletRefusedValue } from './rules/quadletRefusedValue';
import { quadletMissingReference } from './rules/quadletMissingReference';
import { quadletUnavailable } from './rules/quadletUnavailable';
import { quadletDeprecatedKey } from './rules/quadletDeprecatedKey';

export const quadletRules: UnitFileRule[] = [
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
