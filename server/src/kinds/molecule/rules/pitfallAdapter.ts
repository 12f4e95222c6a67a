/**
 * The run-configuration pitfalls (runspec/pitfalls) as Molecule rules: their ids and recipes, and
 * how a fix's abstract edits are written in a platform of molecule.yml. The keys are those
 * molecule-plugins' docker driver passes to community.docker.docker_container (`tmpfs`, `volumes`,
 * `cgroupns_mode`, `privileged`, `stop_signal`, `env`, `network_mode`).
 */
import type { TextEdit } from '../../../core/types';
import {
  pitfallFixes,
  pitfallRuleMeta,
  type FormatRule,
  type RunEdit,
  type RunFormat,
  spellingEach,
} from '../../../runspec/pitfalls';
import {
  WRITABLE_CGROUP_BIND,
  moleculeFix,
  type MoleculeContext,
  type MoleculeRule,
  type PlatformAnalysis,
} from './context';
import { MOLECULE_VOCABULARY, MOLECULE_WORDING } from './wording';

const DRIVER = " In molecule.yml: the platform keys molecule-plugins' docker driver passes to docker_container.";
const DRIVER_SOURCE = 'molecule-plugins: src/molecule_plugins/docker/playbooks/create.yml (docker_container arguments)';

const RULES: FormatRule[] = [
  { pitfall: 'missing-tmpfs', id: 'SCT801', recipe: 'tmpfs: [/run, /run/lock]' },
  {
    pitfall: 'missing-cgroup',
    id: 'SCT802',
    recipe: 'cgroupns_mode: host + volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
  },
  {
    pitfall: 'privileged',
    id: 'SCT803',
    recipe: 'tmpfs: [/run, /run/lock] + cgroupns_mode: host + /sys/fs/cgroup:/sys/fs/cgroup:rw instead of privileged',
  },
  { pitfall: 'cgroup-ro-mount', id: 'SCT804', recipe: 'cgroupns_mode: host + /sys/fs/cgroup:/sys/fs/cgroup:rw' },
  { pitfall: 'cgroup-rw-without-cgroupns-host', id: 'SCT805', recipe: 'cgroupns_mode: host' },
  {
    pitfall: 'cgroup-v1-path-mount',
    id: 'SCT806',
    recipe: 'cgroupns_mode: host + /sys/fs/cgroup:/sys/fs/cgroup:rw (or nothing when privileged)',
  },
  { pitfall: 'missing-stop-signal', id: 'SCT807', recipe: 'stop_signal: SIGRTMIN+3' },
  { pitfall: 'missing-container-env', id: 'SCT808', recipe: 'env: {container: docker}' },
  {
    pitfall: 'host-run-lock-bind',
    id: 'SCT809',
    recipe: 'tmpfs: [/run, /run/lock] instead of binding the host directories',
  },
  { pitfall: 'host-network-systemd', id: 'SCT810', recipe: 'no network_mode: host (use published_ports:)' },
];

interface Target {
  ctx: MoleculeContext;
  p: PlatformAnalysis;
}

const required = (edits: TextEdit[]): TextEdit[] | undefined => (edits.length ? edits : undefined);

function spellOne(edit: RunEdit, { ctx, p }: Target): TextEdit[] | undefined {
  const platform = p.platform;
  switch (edit.op) {
    case 'remove-privileged':
      return required(ctx.removeKey(platform, 'privileged'));
    case 'make-writable': {
      const m = edit.mount;
      const options = [...m.options.filter((o) => o !== 'ro' && o !== 'rw'), 'rw'];
      return required(ctx.replaceMount(platform, m, `${m.source}:${m.target}:${options.join(',')}`));
    }
    case 'remove-mount':
      return required(ctx.deleteMount(platform, edit.mount));
    case 'replace-with-cgroup-bind':
      return required(ctx.replaceMount(platform, edit.mount, WRITABLE_CGROUP_BIND));
    case 'add-tmpfs':
      return required(ctx.addToList(platform, 'tmpfs', edit.targets));
    case 'set-cgroupns-host':
      return required(ctx.setKey(platform, 'cgroupns_mode', 'host'));
    case 'add-cgroup-bind':
      return required(ctx.addToList(platform, 'volumes', [WRITABLE_CGROUP_BIND]));
    case 'set-stop-signal':
      return required(ctx.setKey(platform, 'stop_signal', edit.value));
    case 'set-env':
      return required(ctx.setEnv(platform, edit.name, edit.value));
  }
}

export const moleculeRunFormat: RunFormat<Target> = {
  kind: 'molecule',
  namePrefix: 'molecule-',
  explanationSuffix: DRIVER,
  sourcesSuffix: [DRIVER_SOURCE],
  vocabulary: MOLECULE_VOCABULARY,
  wording: MOLECULE_WORDING,
  spell: spellingEach(spellOne),
  makeFix: moleculeFix,
};

/** One Molecule rule per systemd pitfall of the table, in id order. */
export const moleculePitfallRules: MoleculeRule[] = RULES.map((rule) => ({
  meta: pitfallRuleMeta(moleculeRunFormat, rule),
  check: (ctx) =>
    ctx.each(rule.pitfall, (p, report) => pitfallFixes(moleculeRunFormat, report, p.platform.spec, { ctx, p })),
}));
