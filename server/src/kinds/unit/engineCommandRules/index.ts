/**
 * Rules for systemd units that drive containers (docker/podman/compose in Exec lines), in id order.
 * The unit-file, Quadlet and .nspawn rules of the unit-file language features live elsewhere.
 */
import type { UnitRule } from './context';
import { unitDockerCliInExecstart } from './dockerCliInExecstart';
import { unitDetachedRunTypeSimple } from './detachedRunTypeSimple';
import { unitCleanupWithoutDash } from './cleanupWithoutDash';
import { unitMissingDockerDependency } from './missingDockerDependency';
import { unitComposeDownVolumes } from './composeDownVolumes';
import { unitKillmodeNone } from './killmodeNone';
import { unitRestartPolicyConflict } from './restartPolicyConflict';
import { unitNameConflictNoCleanup } from './nameConflictNoCleanup';
import { unitTtyFlag } from './ttyFlag';
import { unitPodmanNotifyWithoutSdnotify } from './podmanNotifyWithoutSdnotify';
import { unitRunPitfallRules } from './pitfallAdapter';

export const unitRules: UnitRule[] = [
  unitDockerCliInExecstart,
  unitDetachedRunTypeSimple,
  unitCleanupWithoutDash,
  unitMissingDockerDependency,
  unitComposeDownVolumes,
  unitKillmodeNone,
  unitRestartPolicyConflict,
  unitNameConflictNoCleanup,
  unitTtyFlag,
  unitPodmanNotifyWithoutSdnotify,
  ...unitRunPitfallRules,
];
