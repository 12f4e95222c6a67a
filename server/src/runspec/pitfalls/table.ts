/** The table of run-configuration pitfalls, and checking a run configuration against it. */
import type { SystemdJudgement } from '../systemdIntent';
import type { RunSpec } from '../../../../shared/runSpec';
import { missingTmpfsPitfall } from './missingTmpfs';
import { missingCgroupPitfall } from './missingCgroup';
import { privilegedPitfall } from './privileged';
import { cgroupRoMountPitfall } from './cgroupRoMount';
import { cgroupRwWithoutCgroupnsHostPitfall } from './cgroupRwWithoutCgroupnsHost';
import { cgroupV1PathMountPitfall } from './cgroupV1PathMount';
import { missingStopSignalPitfall } from './missingStopSignal';
import { missingContainerEnvPitfall } from './missingContainerEnv';
import { hostRunLockBindPitfall } from './hostRunLockBind';
import { hostNetworkSystemdPitfall } from './hostNetworkSystemd';
import { privilegedContainerPitfall } from './privilegedContainer';
import { cgroupBindMountPitfall } from './cgroupBindMount';
import { engineSocketMountPitfall } from './engineSocketMount';
import type { FixWording, Pitfall, PitfallFix, PitfallId, PitfallReport, Vocabulary } from './types';

/** Every pitfall, in the order of the formats' rule ids. */
export const PITFALLS: readonly Pitfall[] = [
  missingTmpfsPitfall,
  missingCgroupPitfall,
  privilegedPitfall,
  cgroupRoMountPitfall,
  cgroupRwWithoutCgroupnsHostPitfall,
  cgroupV1PathMountPitfall,
  missingStopSignalPitfall,
  missingContainerEnvPitfall,
  hostRunLockBindPitfall,
  hostNetworkSystemdPitfall,
  privilegedContainerPitfall,
  cgroupBindMountPitfall,
  engineSocketMountPitfall,
];

const BY_ID = new Map<PitfallId, Pitfall>(PITFALLS.map((p) => [p.meta.id, p]));

export function pitfall(id: PitfallId): Pitfall {
  return BY_ID.get(id)!;
}

/**
 * The pitfalls of a run configuration: those of every container, and when its container runs
 * systemd (not when it does not, or may not) the systemd ones; `only`: of these pitfalls alone
 * (a format that adapts a few).
 */
export function checkPitfalls(
  spec: RunSpec,
  judgement: SystemdJudgement,
  vocabulary: Vocabulary,
  only?: ReadonlySet<PitfallId>,
): PitfallReport[] {
  const runsSystemd = judgement.runsSystemd === 'yes';
  const checked = PITFALLS.filter(
    (p) => (runsSystemd || p.meta.scope === 'every-container') && (!only || only.has(p.meta.id)),
  );
  if (checked.length === 0) return [];
  const hasCgroupHost = spec.cgroupns?.value === 'host';
  const facts = {
    spec,
    judgement,
    vocabulary,
    podmanMode: judgement.podmanSystemdMode,
    privileged: spec.privileged?.value === true,
    hasCgroupHost,
    anyDynamicMount: spec.mounts.some((m) => m.dynamic),
    absenceKnown: !spec.incomplete,
  };
  return checked.flatMap((p) => p.check(facts).map((r) => ({ ...r, hasCgroupHost })));
}

/** The fix of a report in a format's words (its edits still abstract), if the pitfall has one. */
export function pitfallFix(report: PitfallReport, spec: RunSpec, wording: FixWording): PitfallFix | undefined {
  return pitfall(report.pitfall).fix(report, spec, wording);
}
