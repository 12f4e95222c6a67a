/**
 * The run-configuration pitfalls (runspec/pitfalls) as Quadlet rules: the .container's run model
 * (../runSpec.ts) is checked against the table, and a fix's abstract edits are written as Quadlet
 * edits (an option out of PodmanArgs=, a Volume= line removed). Today the pitfalls of every
 * container: privileged mode (SCT501), the host cgroupfs bound in (SCT502), an engine socket
 * mounted (SCT503); Podman's systemd mode provides what the systemd pitfalls ask for.
 */
import type { TextEdit } from '../../../core/types';
import {
  checkPitfalls,
  pitfallFixes,
  pitfallRuleMeta,
  type FixWording,
  type FormatRule,
  type PitfallId,
  type RunEdit,
  type RunFormat,
  spellingEach,
  type Vocabulary,
} from '../../../runspec/pitfalls';
import { imageKnowledge, judgeSystemd } from '../../../runspec/systemdIntent';
import type { UnitFileContext, UnitFileRule } from '../../unit/ruleContext';
import { removeOption } from '../podmanEdits';
import { quadletRunSpec, type QuadletRunSpec } from '../runSpec';

const RULES: FormatRule[] = [
  {
    pitfall: 'privileged-container',
    id: 'SCT501',
    name: 'quadlet-privileged',
    summary: 'PodmanArgs=--privileged',
    recipe: 'AddCapability=<only what is needed> / AddDevice=<device>',
    explanation:
      ' Quadlet has no key for it on purpose; passing it through `PodmanArgs=` hides it from review. systemd in a ' +
      "container does not need it: Podman's systemd mode gives it tmpfs mounts and a writable cgroup. Grant what " +
      'the workload needs instead: `AddCapability=`, `AddDevice=`, `SecurityLabelDisable=` for one label problem. ' +
      "Rootless, the container cannot get more privileges than the user, but it still gets all of the user's.",
    sources: ['podman-systemd.unit(5) (podman 5.4): PodmanArgs='],
  },
  {
    pitfall: 'cgroup-bind-mount',
    id: 'SCT502',
    summary: 'the host /sys/fs/cgroup bind-mounted into a Quadlet container',
    recipe: 'no /sys/fs/cgroup mount (Podman provides it)',
    explanation:
      ' Quadlet requires cgroup v2 (podman-systemd.unit(5)). Remove the mount, and run systemd images in ' +
      'systemd mode.',
    sources: ['podman-systemd.unit(5) (podman 5.4): "Quadlet requires the use of cgroup v2"', '../shared/design.md §1'],
  },
  { pitfall: 'engine-socket-mount', id: 'SCT503' },
];

export const QUADLET_VOCABULARY: Vocabulary = {
  tmpfs: '`Tmpfs=/run` and `Tmpfs=/run/lock`',
  cgroupMount: '`Volume=/sys/fs/cgroup:/sys/fs/cgroup:rw`',
  cgroupHost: '`PodmanArgs=--cgroupns=host`',
  privileged: '--privileged',
  stopSignal: '`StopSignal=SIGRTMIN+3`',
  containerEnv: '`Environment=container=podman`',
  hostNetwork: '`Network=host`',
  narrowGrants: 'AddCapability= / AddDevice=',
};

export const QUADLET_WORDING: FixWording = {
  tmpfs: 'Tmpfs=',
  cgroupHost: '--cgroupns=host',
  privileged: '--privileged',
  optionsPlace: ' to PodmanArgs=',
  tmpfsOn: (target) => `Tmpfs=${target}`,
  stopSignal: (replacing) => (replacing ? 'Use StopSignal=SIGRTMIN+3' : 'Add StopSignal=SIGRTMIN+3'),
  containerEnv: 'Add Environment=container=podman',
};

interface Target {
  ctx: UnitFileContext;
  run: QuadletRunSpec;
}

/** One abstract edit in Quadlet's syntax; undefined when it cannot be written here yet. */
function spellOne(edit: RunEdit, { ctx, run }: Target): TextEdit[] | undefined {
  switch (edit.op) {
    case 'remove-privileged':
      return run.privilegedOption ? [removeOption(ctx, run.privilegedOption)] : undefined;
    case 'remove-mount': {
      // A Volume=/Mount= line goes whole; a mount inside PodmanArgs= is left to the user.
      const written = run.written.get(edit.mount);
      return written && !written.words ? [ctx.deleteEntry(written.entry)] : undefined;
    }
    default:
      return undefined;
  }
}

export const quadletRunFormat: RunFormat<Target> = {
  kind: 'quadlet',
  namePrefix: 'quadlet-',
  vocabulary: QUADLET_VOCABULARY,
  wording: QUADLET_WORDING,
  spell: spellingEach(spellOne),
  makeFix: (title, edits) => ({ title, edits }),
};

/** The pitfalls these rules adapt: the others are not checked. */
const ADAPTED: ReadonlySet<PitfallId> = new Set(RULES.map((r) => r.pitfall));

/** The pitfall reports of a .container, once per context (three rules read them). */
const reportsOf = new WeakMap<UnitFileContext, ReturnType<typeof checkPitfalls>>();

function reports(ctx: UnitFileContext) {
  let found = reportsOf.get(ctx);
  if (!found) {
    const { spec } = quadletRunSpec(ctx);
    const judgement = judgeSystemd(spec, imageKnowledge(spec));
    reportsOf.set(ctx, (found = checkPitfalls(spec, judgement, QUADLET_VOCABULARY, ADAPTED)));
  }
  return found;
}

/** One Quadlet rule per pitfall it adapts, in id order. */
export const quadletPitfallRules: UnitFileRule[] = RULES.map((rule) => ({
  meta: pitfallRuleMeta(quadletRunFormat, rule),
  appliesTo: (doc) => doc.fileType === 'quadlet-container',
  check: (ctx) =>
    reports(ctx)
      .filter((r) => r.pitfall === rule.pitfall)
      .map((r) => ({
        range: r.range ?? quadletRunSpec(ctx).spec.range,
        message: r.message,
        detail: r.detail,
        severity: r.severity,
        fixes: pitfallFixes(quadletRunFormat, r, quadletRunSpec(ctx).spec, { ctx, run: quadletRunSpec(ctx) }),
      })),
}));
