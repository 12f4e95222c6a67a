/** Quadlet rules (SCT5xx), in id order. */
import type { UnitFileRule } from '../unit/ruleContext';
import { quadletPitfallRules } from './rules/pitfallAdapter';
import { quadletSystemdImageWithoutSystemdMode } from './rules/quadletSystemdImageWithoutSystemdMode';
import { quadletIneffectivePodmanArgs } from './rules/quadletIneffectivePodmanArgs';
import { quadletRootlessSystemTarget } from './rules/quadletRootlessSystemTarget';
import { quadletUnsupportedServiceSetting } from './rules/quadletUnsupportedServiceSetting';
import { quadletRefusedValue } from './rules/quadletRefusedValue';
import { quadletMissingReference } from './rules/quadletMissingReference';
import { quadletUnavailable } from './rules/quadletUnavailable';
import { quadletDeprecatedKey } from './rules/quadletDeprecatedKey';

export const quadletRules: UnitFileRule[] = [
  // SCT501–503: the run-configuration pitfall table's (runspec/pitfalls) as Quadlet spells them.
  ...quadletPitfallRules,
  quadletSystemdImageWithoutSystemdMode,
  quadletIneffectivePodmanArgs,
  quadletRootlessSystemTarget,
  quadletUnsupportedServiceSetting,
  quadletRefusedValue,
  quadletMissingReference,
  quadletUnavailable,
  quadletDeprecatedKey,
];
