/** systemd-nspawn .nspawn rules (SCT6xx), in id order. */
import type { UnitFileRule } from '../unit/ruleContext';
import { nspawnAllCapabilities } from './rules/nspawnAllCapabilities';
import { nspawnPortWithoutVeth } from './rules/nspawnPortWithoutVeth';
import { nspawnParametersWithoutBoot } from './rules/nspawnParametersWithoutBoot';
import { nspawnLegacyCgroupParam } from './rules/nspawnLegacyCgroupParam';
import { nspawnPrivilegedSettingIgnored } from './rules/nspawnPrivilegedSettingIgnored';

export const nspawnRules: UnitFileRule[] = [
  nspawnAllCapabilities,
  nspawnPortWithoutVeth,
  nspawnParametersWithoutBoot,
  nspawnLegacyCgroupParam,
  nspawnPrivilegedSettingIgnored,
];
