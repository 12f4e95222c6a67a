/** systemd-nspawn .nspawn rules (SCT6xx), in id order. */
import type { UnitRule } from '../unitfile/context';
import { nspawnAllCapabilities } from './nspawnAllCapabilities';
import { nspawnPortWithoutVeth } from './nspawnPortWithoutVeth';
import { nspawnParametersWithoutBoot } from './nspawnParametersWithoutBoot';
import { nspawnLegacyCgroupParam } from './nspawnLegacyCgroupParam';
import { nspawnPrivilegedSettingIgnored } from './nspawnPrivilegedSettingIgnored';

export const nspawnRules: UnitRule[] = [
  nspawnAllCapabilities,
  nspawnPortWithoutVeth,
  nspawnParametersWithoutBoot,
  nspawnLegacyCgroupParam,
  nspawnPrivilegedSettingIgnored,
];
