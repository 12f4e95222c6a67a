/**
 * The run-configuration pitfalls (runspec/pitfalls) as compose rules: their ids and recipes, and
 * how a fix's abstract edits are written in a service's YAML (in the file's own style).
 */
import type { TextEdit } from '../../../core/types';
import {
  pitfallFixes,
  pitfallRuleMeta,
  type FormatRule,
  type RunEdit,
  type RunFormat,
} from '../../../runspec/pitfalls';
import { CGROUP_BIND, fix, type ComposeContext, type ComposeRule, type ServiceAnalysis } from './context';
import { COMPOSE_VOCABULARY, COMPOSE_WORDING } from './wording';

const CGROUP_KEY = ' The `cgroup` key needs Docker Compose v2 (the Compose Specification).';
const FROM_DOCKERFILE = ' A service built from a Dockerfile in the workspace is judged from that Dockerfile';

const RULES: FormatRule[] = [
  {
    pitfall: 'missing-tmpfs',
    id: 'SCT201',
    recipe: 'tmpfs: [/run, /run/lock]',
    explanation: ' In a compose file: the `tmpfs:` key, or a volume of `type: tmpfs`.',
  },
  {
    pitfall: 'missing-cgroup',
    id: 'SCT202',
    recipe: 'cgroup: host + volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
    explanation: CGROUP_KEY,
    sources: ['Compose Specification: services.cgroup'],
  },
  {
    pitfall: 'privileged',
    id: 'SCT203',
    recipe: 'tmpfs: [/run, /run/lock] + cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw instead of privileged: true',
  },
  { pitfall: 'cgroup-ro-mount', id: 'SCT204', recipe: 'cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw' },
  {
    pitfall: 'cgroup-rw-without-cgroupns-host',
    id: 'SCT205',
    recipe: 'cgroup: host',
    explanation: CGROUP_KEY,
    sources: ['Compose Specification: services.cgroup'],
  },
  {
    pitfall: 'cgroup-v1-path-mount',
    id: 'SCT206',
    recipe: 'cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw (or nothing when privileged)',
  },
  {
    pitfall: 'missing-stop-signal',
    id: 'SCT207',
    recipe: 'stop_signal: SIGRTMIN+3',
    explanation: `${FROM_DOCKERFILE} (its STOPSIGNAL and its base image).`,
  },
  {
    pitfall: 'missing-container-env',
    id: 'SCT208',
    recipe: 'environment: [container=docker]',
    explanation:
      `${FROM_DOCKERFILE} (its ENV and its base image); an \`env_file\` may set it, so the rule stays ` +
      `silent then.`,
  },
  {
    pitfall: 'host-run-lock-bind',
    id: 'SCT209',
    recipe: 'tmpfs: [/run, /run/lock] instead of binding the host directories',
  },
  { pitfall: 'host-network-systemd', id: 'SCT210', recipe: 'no network_mode: host (use ports:)' },
];

interface Target {
  ctx: ComposeContext;
  svc: ServiceAnalysis;
}

/** A change to what is written: its edits, or undefined (the fix is dropped) when there are none. */
const required = (edits: TextEdit[]): TextEdit[] | undefined => (edits.length ? edits : undefined);

function spellOne(
  edit: RunEdit,
  { ctx, svc }: Target,
  excluding: ReturnType<ComposeContext['ownPrivileged']>[],
): TextEdit[] | undefined {
  const keep = excluding.filter((p) => p !== undefined);
  switch (edit.op) {
    case 'remove-privileged': {
      const pair = ctx.ownPrivileged(svc);
      return pair ? [ctx.deletePair(pair)] : undefined;
    }
    case 'make-writable':
      return required(ctx.makeWritable(svc, edit.mount));
    case 'remove-mount':
      return required(ctx.deleteMount(svc, edit.mount));
    case 'replace-with-cgroup-bind':
      return required(ctx.replaceMount(svc, edit.mount, CGROUP_BIND));
    case 'add-tmpfs':
      return ctx.tmpfsEdits(svc, edit.targets, keep);
    case 'set-cgroupns-host':
      return ctx.cgroupHostEdits(svc, keep);
    case 'add-cgroup-bind':
      return ctx.cgroupBindEdits(svc, keep);
    case 'set-stop-signal':
      return ctx.stopSignalEdits(svc, edit.value);
    case 'set-env':
      return ctx.envEdits(svc, edit.name, edit.value);
  }
}

export const composeRunFormat: RunFormat<Target> = {
  kind: 'compose',
  namePrefix: 'compose-',
  vocabulary: COMPOSE_VOCABULARY,
  wording: COMPOSE_WORDING,
  spell(edits, target) {
    // Keys added next to a `privileged:` pair the same fix deletes go elsewhere.
    const excluding = edits.some((e) => e.op === 'remove-privileged') ? [target.ctx.ownPrivileged(target.svc)] : [];
    const out: TextEdit[] = [];
    for (const edit of edits) {
      const spelled = spellOne(edit, target, excluding);
      if (!spelled) return undefined;
      out.push(...spelled);
    }
    return out;
  },
  makeFix: (title, edits, preferred) => fix(title, edits, preferred),
};

/** One compose rule per run-configuration pitfall, in id order. */
export const composePitfallRules: ComposeRule[] = RULES.map((rule) => ({
  meta: pitfallRuleMeta(composeRunFormat, rule),
  check: (ctx) =>
    ctx.each(rule.pitfall, (svc, report) => pitfallFixes(composeRunFormat, report, svc.service.spec, { ctx, svc })),
}));
