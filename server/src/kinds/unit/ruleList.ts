/** Unit-file rules: the directive checks (SCT4xx, every unit-like file) and the units-inside-images rules (SCT7xx). */
import type { UnitFileRule } from './ruleContext';
import { unknownSection } from './rules/unknownSection';
import { unknownKey } from './rules/unknownKey';
import { wrongSection } from './rules/wrongSection';
import { deprecatedKey } from './rules/deprecatedKey';
import { deprecatedValueRule } from './rules/deprecatedValue';
import { invalidValue } from './rules/invalidValue';
import { missingRequiredKey } from './rules/missingRequiredKey';
import { multipleExecStart } from './rules/multipleExecStart';
import { syntaxError } from './rules/syntaxError';
import { imageUnitDeviceDependency } from './rules/imageUnitDeviceDependency';
import { imageUnitSkippedInContainer } from './rules/imageUnitSkippedInContainer';
import { imageUnitWantsPruned } from './rules/imageUnitWantsPruned';
import { sandboxFailsInContainer, sandboxIgnoredInContainer } from './rules/sandboxInContainer';

export const unitFileRules: UnitFileRule[] = [
  unknownSection,
  unknownKey,
  wrongSection,
  deprecatedKey,
  deprecatedValueRule,
  invalidValue,
  missingRequiredKey,
  multipleExecStart,
  syntaxError,
  imageUnitDeviceDependency,
  imageUnitSkippedInContainer,
  imageUnitWantsPruned,
  sandboxFailsInContainer,
  sandboxIgnoredInContainer,
];
