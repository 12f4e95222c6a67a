/**
 * The run-configuration pitfalls (runspec/pitfalls) as devcontainer.json rules: their ids and
 * recipes, and how a fix's abstract edits are written in the JSON: options in `runArgs` (all of a
 * fix's in one append), binds in `mounts`, variables in `containerEnv`.
 */
import type { TextEdit } from '../../../core/types';
import { pitfallFixes, pitfallRuleMeta, type FormatRule, type RunFormat } from '../../../runspec/pitfalls';
import { CGROUP_MOUNT, fix, writableMountText, type DevcontainerContext, type DevcontainerRule } from './context';
import { DEVCONTAINER_VOCABULARY, DEVCONTAINER_WORDING } from './wording';

const FROM_DOCKERFILE = ' A devcontainer built from a Dockerfile is judged from that Dockerfile.';

const RULES: FormatRule[] = [
  {
    pitfall: 'missing-tmpfs',
    id: 'SCT251',
    recipe: '"runArgs": ["--tmpfs=/run", "--tmpfs=/run/lock"]',
    explanation: ' In devcontainer.json: `--tmpfs` in `runArgs`, or a `type=tmpfs` mount.',
  },
  {
    pitfall: 'missing-cgroup',
    id: 'SCT252',
    recipe: '"runArgs": ["--cgroupns=host"], "mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"]',
  },
  {
    pitfall: 'privileged',
    id: 'SCT253',
    recipe: '--tmpfs /run, --tmpfs /run/lock, --cgroupns=host and a /sys/fs/cgroup bind instead of "privileged": true',
  },
  {
    pitfall: 'cgroup-ro-mount',
    id: 'SCT254',
    recipe: '"runArgs": ["--cgroupns=host"] with a writable /sys/fs/cgroup bind',
  },
  { pitfall: 'cgroup-rw-without-cgroupns-host', id: 'SCT255', recipe: '"runArgs": ["--cgroupns=host"]' },
  {
    pitfall: 'cgroup-v1-path-mount',
    id: 'SCT256',
    recipe: '--cgroupns=host and a writable /sys/fs/cgroup bind (or nothing when privileged)',
  },
  {
    pitfall: 'missing-stop-signal',
    id: 'SCT257',
    recipe: '"runArgs": ["--stop-signal=SIGRTMIN+3"]',
    explanation: FROM_DOCKERFILE,
  },
  {
    pitfall: 'missing-container-env',
    id: 'SCT258',
    recipe: '"containerEnv": {"container": "docker"}',
    explanation: FROM_DOCKERFILE,
  },
  {
    pitfall: 'host-run-lock-bind',
    id: 'SCT259',
    recipe: '"runArgs": ["--tmpfs=/run", "--tmpfs=/run/lock"] instead of binding the host directories',
  },
  { pitfall: 'host-network-systemd', id: 'SCT260', recipe: 'no --network=host in runArgs (use forwardPorts)' },
];

export const devcontainerRunFormat: RunFormat<DevcontainerContext> = {
  kind: 'devcontainer',
  namePrefix: 'devcontainer-',
  vocabulary: DEVCONTAINER_VOCABULARY,
  wording: DEVCONTAINER_WORDING,
  spell(edits, ctx) {
    const changes: TextEdit[] = [];
    const runArgs: string[] = [];
    const later: TextEdit[] = [];
    let cgroupBind = false;
    for (const edit of edits) {
      let changed: TextEdit[] | undefined;
      switch (edit.op) {
        case 'remove-privileged':
          // Only `"privileged": true` is rewritten; a --privileged in runArgs is left to the user.
          changed = ctx.removePrivileged();
          break;
        case 'make-writable':
          changed = ctx.rewriteValue(edit.mount.range, writableMountText);
          break;
        case 'remove-mount':
          changed = ctx.deleteMount(edit.mount);
          break;
        case 'replace-with-cgroup-bind':
          changed = ctx.deleteMount(edit.mount);
          cgroupBind = true;
          break;
        case 'add-tmpfs':
          runArgs.push(...edit.targets.map((d) => `--tmpfs=${d}`));
          break;
        case 'set-cgroupns-host':
          runArgs.push('--cgroupns=host');
          break;
        case 'add-cgroup-bind':
          cgroupBind = true;
          break;
        case 'set-stop-signal':
          if (edit.replacing) {
            const signal = edit.value;
            changed = ctx.rewriteValue(edit.replacing.range, (v) =>
              v.includes('=') ? `${v.slice(0, v.indexOf('=') + 1)}${signal}` : signal,
            );
          } else runArgs.push(`--stop-signal=${edit.value}`);
          break;
        case 'set-env':
          later.push(...ctx.envEdits(edit.name, edit.value));
          break;
      }
      if (changed !== undefined) {
        if (!changed.length) return undefined;
        changes.push(...changed);
      }
    }
    return [...changes, ...ctx.runArgsEdits(runArgs), ...(cgroupBind ? ctx.mountEdits(CGROUP_MOUNT) : []), ...later];
  },
  makeFix: (title, edits, preferred) => fix(title, edits, preferred),
};

/** One devcontainer rule per run-configuration pitfall, in id order. */
export const devcontainerPitfallRules: DevcontainerRule[] = RULES.map((rule) => ({
  meta: pitfallRuleMeta(devcontainerRunFormat, rule),
  check: (ctx) => ctx.each(rule.pitfall, (report) => pitfallFixes(devcontainerRunFormat, report, ctx.file.spec, ctx)),
}));
