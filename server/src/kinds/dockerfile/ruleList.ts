/** Every Dockerfile rule, in id order. Adding a rule: one module, one line here. */
import type { DockerfileRule } from './ruleContext';
import { missingInitCmd } from './rules/missingInitCmd';
import { initWithoutSystemdPkg } from './rules/initWithoutSystemdPkg';
import { sbinInitWithoutSysvPkg } from './rules/sbinInitWithoutSysvPkg';
import { initViaShellForm } from './rules/initViaShellForm';
import { missingContainerEnv } from './rules/missingContainerEnv';
import { missingStopsignal } from './rules/missingStopsignal';
import { unprunedWants } from './rules/unprunedWants';
import { invertedSysinitPrune } from './rules/invertedSysinitPrune';
import { installAfterPrune } from './rules/installAfterPrune';
import { unmaskedAuditd } from './rules/unmaskedAuditd';
import { unmaskedHardwareServices } from './rules/unmaskedHardwareServices';
import { volumeCgroup } from './rules/volumeCgroup';
import { volumeRunTmp } from './rules/volumeRunTmp';
import { systemctlStartInRun } from './rules/systemctlStartInRun';
import { malformedSystemdConfigWrite } from './rules/malformedSystemdConfigWrite';
import { packageServiceFailsInContainer } from './rules/packageServiceFailsInContainer';

export const dockerfileRules: DockerfileRule[] = [
  missingInitCmd,
  initWithoutSystemdPkg,
  sbinInitWithoutSysvPkg,
  initViaShellForm,
  missingContainerEnv,
  missingStopsignal,
  unprunedWants,
  invertedSysinitPrune,
  installAfterPrune,
  unmaskedAuditd,
  unmaskedHardwareServices,
  volumeCgroup,
  volumeRunTmp,
  systemctlStartInRun,
  malformedSystemdConfigWrite,
  packageServiceFailsInContainer,
];
