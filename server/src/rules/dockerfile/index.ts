/** Every Dockerfile rule, in id order. Adding a rule: one module, one line here. */
import type { DockerfileRule } from './context';
import { missingInitCmd } from './missingInitCmd';
import { initWithoutSystemdPkg } from './initWithoutSystemdPkg';
import { sbinInitWithoutSysvPkg } from './sbinInitWithoutSysvPkg';
import { initViaShellForm } from './initViaShellForm';
import { missingContainerEnv } from './missingContainerEnv';
import { missingStopsignal } from './missingStopsignal';
import { unprunedWants } from './unprunedWants';
import { invertedSysinitPrune } from './invertedSysinitPrune';
import { installAfterPrune } from './installAfterPrune';
import { unmaskedAuditd } from './unmaskedAuditd';
import { unmaskedHardwareServices } from './unmaskedHardwareServices';
import { volumeCgroup } from './volumeCgroup';
import { volumeRunTmp } from './volumeRunTmp';
import { systemctlStartInRun } from './systemctlStartInRun';
import { malformedSystemdConfigWrite } from './malformedSystemdConfigWrite';
import { packageServiceFailsInContainer } from './packageServiceFailsInContainer';

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
