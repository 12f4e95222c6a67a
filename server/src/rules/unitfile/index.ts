/** Unit-file rules: the directive checks (SCT4xx, every unit-like file) and the units-inside-images rules (SCT7xx). */
import type { UnitRule } from './context';
import { unknownSection } from './unknownSection';
import { unknownKey } from './unknownKey';
import { wrongSection } from './wrongSection';
import { deprecatedKey } from './deprecatedKey';
import { deprecatedValueRule } from './deprecatedValue';
import { invalidValue } from './invalidValue';
import { missingRequiredKey } from './missingRequiredKey';
import { multipleExecStart } from './multipleExecStart';
import { syntaxError } from './syntaxError';
import { imageUnitDeviceDependency } from './imageUnitDeviceDependency';
import { imageUnitSkippedInContainer } from './imageUnitSkippedInContainer';
import { imageUnitWantsPruned } from './imageUnitWantsPruned';
import { sandboxFailsInContainer, sandboxIgnoredInContainer } from './sandboxInContainer';

export const unitFileRules: UnitRule[] = [
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
