/**
 * Does a container run systemd as PID 1? From the command (an init), from the image (a
 * Dockerfile in the workspace that the Dockerfile analysis judges a systemd image, or a known
 * systemd base image name), or from a service that is plainly set up for systemd. When none of
 * these says so, the answer is "unknown" and the run-configuration rules stay silent.
 *
 * Also what the image itself sets (STOPSIGNAL, `container=`), so the rules only ask the run
 * configuration for what the image does not already provide.
 */
import * as path from 'path';
import { describeBaseImage, type DistroFamily } from '../kinds/dockerfile/baseImages';
import { computeFacts, isInitWord, isSystemdStopSignal } from '../kinds/dockerfile/facts';
import { parseDockerfile } from '../kinds/dockerfile/model';
import type { RunSpec } from '../../../shared/runSpec';

export type Tri = 'yes' | 'no' | 'unknown';

export interface ImageKnowledge {
  /**
   * Where the knowledge comes from: a Dockerfile we read, a base image we know by name, an image
   * name that says systemd, a Dockerfile we could not read, or nothing.
   */
  source: 'dockerfile' | 'known-image' | 'name' | 'unreadable-dockerfile' | 'unknown';
  /** The image's own command starts systemd. */
  runsSystemd: Tri;
  setsStopSignal: Tri;
  setsContainerEnv: Tri;
  /** Absolute path of the Dockerfile read, if any. */
  dockerfile?: string;
  /** What to call the image in messages. */
  label: string;
  /** Distribution family of the image, when known (from the Dockerfile's base or the image name). */
  family?: DistroFamily;
}

export interface ReadContext {
  /** Folder the spec's relative paths (build context) are relative to. */
  baseDir?: string;
  /** Reads a file by absolute path; undefined when it cannot be read. */
  readFile?: (file: string) => string | undefined;
}

const NOT_INIT = new Set([
  'sleep',
  'bash',
  'sh',
  'tail',
  'cat',
  'true',
  'python',
  'python3',
  'node',
  'nginx',
  'httpd',
  'java',
  'supervisord',
  'tini',
  'dumb-init',
  'zsh',
  'top',
]);

/** Learn what the image of a spec sets, from its Dockerfile (build) or its name. */
export function imageKnowledge(spec: RunSpec, ctx: ReadContext = {}): ImageKnowledge {
  if (spec.build) {
    const b = spec.build;
    let text = b.inline;
    let file: string | undefined;
    if (
      text === undefined &&
      ctx.baseDir !== undefined &&
      ctx.readFile &&
      !/\$/.test(b.context + b.dockerfile) &&
      !/^[a-z]+:\/\//i.test(b.context)
    ) {
      const contextDir = path.resolve(ctx.baseDir, b.context);
      file = path.resolve(contextDir, b.dockerfile);
      text = ctx.readFile(file);
    }
    const label =
      'the image built ' +
      `from ${b.inline !== undefined ? 'the inline Dockerfile' : path.posix.join(b.context, b.dockerfile)}`;
    if (text === undefined)
      return {
        source: 'unreadable-dockerfile',
        runsSystemd: 'unknown',
        setsStopSignal: 'unknown',
        setsContainerEnv: 'unknown',
        label,
      };
    try {
      const model = parseDockerfile(text, b.target);
      if (model.chain.length === 0)
        return {
          source: 'unreadable-dockerfile',
          runsSystemd: 'unknown',
          setsStopSignal: 'unknown',
          setsContainerEnv: 'unknown',
          label,
        };
      const facts = computeFacts(model);
      const runsSystemd: Tri = facts.intent ? 'yes' : facts.starts.kind === 'no' ? 'no' : 'unknown';
      const setsStopSignal: Tri = model.stopSignal
        ? isSystemdStopSignal(model.stopSignal.value)
          ? 'yes'
          : 'no'
        : model.base.setsStopSignal;
      const setsContainerEnv: Tri = model.env.has('container') ? 'yes' : model.base.setsContainerEnv;
      return {
        source: 'dockerfile',
        runsSystemd,
        setsStopSignal,
        setsContainerEnv,
        dockerfile: file,
        label,
        family: model.base.family,
      };
    } catch {
      // A target stage that does not exist, or a file that is not a Dockerfile: nothing known.
      return {
        source: 'unreadable-dockerfile',
        runsSystemd: 'unknown',
        setsStopSignal: 'unknown',
        setsContainerEnv: 'unknown',
        label,
      };
    }
  }
  const ref = spec.image && !spec.image.dynamic ? spec.image.value : undefined;
  if (!ref)
    return {
      source: 'unknown',
      runsSystemd: 'unknown',
      setsStopSignal: 'unknown',
      setsContainerEnv: 'unknown',
      label: 'the image',
    };
  const info = describeBaseImage(ref);
  const label = `the image ${ref}`;
  const family = info.family;
  if (info.systemdReady)
    return {
      source: 'known-image',
      runsSystemd: info.cmdIsInit ? 'yes' : 'unknown',
      setsStopSignal: info.setsStopSignal,
      setsContainerEnv: info.setsContainerEnv,
      label,
      family,
    };
  if (nameSaysSystemd(ref))
    return {
      source: 'name',
      runsSystemd: 'yes',
      setsStopSignal: 'unknown',
      setsContainerEnv: 'unknown',
      label,
      family: family !== 'unknown' ? family : guessFamily(ref),
    };
  if (family !== 'unknown')
    return {
      source: 'known-image',
      runsSystemd: 'no',
      setsStopSignal: info.setsStopSignal,
      setsContainerEnv: info.setsContainerEnv,
      label,
      family,
    };
  return { source: 'unknown', runsSystemd: 'unknown', setsStopSignal: 'unknown', setsContainerEnv: 'unknown', label };
}

function guessFamily(ref: string): DistroFamily {
  const r = ref.toLowerCase();
  if (/ubuntu/.test(r)) return 'ubuntu';
  if (/debian/.test(r)) return 'debian';
  return 'unknown';
}

/** Words that may follow `systemd` in the name of an image that is systemd (not an application packaged with it). */
const IMAGE_WORDS = new RegExp(
  '^(' +
    [
      '\\d[\\w.]*|image|base|init|unpriv|privileged|minimal|slim|docker|container|ansible|molecule|test|ci|dev|latest',
      'debian|ubuntu|fedora|centos|rocky|rockylinux|alma|almalinux|rhel|ubi|oracle|oraclelinux|amazon|amazonlinux',
      'suse|opensuse|sles|leap|tumbleweed|arch|archlinux',
      'jammy|focal|noble|bionic|xenial|bookworm|bullseye|buster|trixie|stretch|sid|stream\\d*',
    ].join('|') +
    ')$',
);

/**
 * `systemd`, `jrei/systemd-ubuntu`, `solita/ubuntu-systemd`, `my-systemd-image`: the repository
 * name says systemd. `docker-systemd-sshguard` does not: an application named after systemd comes
 * after it (sshguard reading the journal).
 */
export function nameSaysSystemd(ref: string): boolean {
  const repo = ref
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .toLowerCase();
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const words = name.split(/[-_.]/);
  const at = words.indexOf('systemd');
  if (at >= 0) return words.slice(at + 1).every((w) => IMAGE_WORDS.test(w));
  return /(^|[-_.])init$/.test(name) && /ubi|fedora|centos|rocky|alma/.test(repo);
}

export interface SystemdJudgement {
  runsSystemd: Tri;
  /** Why, for messages ("its command is /sbin/init", "its image … runs systemd"). */
  why: string;
  image: ImageKnowledge;
  /** Podman's systemd mode provides tmpfs, cgroup, stop signal and `container=` itself. */
  podmanSystemdMode: boolean;
}

/** The command's first word, or the entrypoint's. */
function commandWords(spec: RunSpec): string[] {
  const words = [...(spec.entrypoint?.value ?? []), ...(spec.command?.value ?? [])];
  return words;
}

/** Signals in the run configuration itself that it is meant for systemd. */
export function systemdSetupSignals(spec: RunSpec): { strong: string[]; weak: string[] } {
  const strong: string[] = [];
  const weak: string[] = [];
  if (spec.stopSignal && isSystemdStopSignal(spec.stopSignal.value))
    strong.push(`stop signal ${spec.stopSignal.value}`);
  if (spec.env.some((e) => e.name === 'container' && e.value)) strong.push('the container= variable');
  if (spec.systemd?.value === 'always') strong.push('--systemd=always');
  const targets = spec.mounts.map((m) => m.target.replace(/\/+$/, ''));
  if (spec.mounts.some((m) => m.kind === 'tmpfs' && (m.target === '/run' || m.target === '/run/lock')))
    weak.push('a tmpfs on /run');
  if (targets.some((t) => t === '/sys/fs/cgroup' || t.startsWith('/sys/fs/cgroup/')))
    weak.push('a /sys/fs/cgroup mount');
  if (spec.cgroupns?.value === 'host') weak.push('the host cgroup namespace');
  return { strong, weak };
}

export function judgeSystemd(spec: RunSpec, image: ImageKnowledge): SystemdJudgement {
  const podman = spec.engine === 'podman';
  const systemdOff = spec.systemd?.value === 'false';
  const decide = (runsSystemd: Tri, why: string, initCommand = false): SystemdJudgement => ({
    runsSystemd,
    why,
    image,
    // podman run(1) --systemd: "true" (default) when the command is an init or systemd, or "always".
    podmanSystemdMode:
      podman &&
      runsSystemd === 'yes' &&
      !systemdOff &&
      (spec.systemd?.value === 'always' || initCommand || image.runsSystemd === 'yes'),
  });
  if (spec.systemd?.value === 'always') return decide('yes', 'it runs with --systemd=always');
  if (spec.init?.value) return decide('no', '--init makes an init process PID 1');
  const words = commandWords(spec);
  if (words.length) {
    const first = words[0];
    const base = first.slice(first.lastIndexOf('/') + 1);
    if (isInitWord(first) || base === 'systemd') return decide('yes', `its command is ${first}`, true);
    if (
      /^(ba|da|z)?sh$/.test(base) &&
      words.some((w) => /(^|[\s;&|])(exec\s+)?(\/usr)?(\/s?bin|\/lib\/systemd)\/(init|systemd)\b/.test(w))
    )
      return decide('yes', `its command starts ${first} -c … init`);
    if (NOT_INIT.has(base)) return decide('no', `its command is ${first}`);
  }
  if (image.runsSystemd === 'yes')
    return decide(
      'yes',
      image.source === 'name' ? `${image.label} is named for systemd` : `${image.label} runs systemd`,
    );
  // An image whose own command is not an init, run without an init command, does not run systemd.
  if (image.runsSystemd === 'no' && !words.length) return decide('no', `${image.label} does not run systemd`);
  const signals = systemdSetupSignals(spec);
  if (signals.strong.length || signals.weak.length >= 2)
    return decide('yes', `it is set up for systemd (${[...signals.strong, ...signals.weak].join(', ')})`);
  return decide('unknown', 'nothing says whether it runs systemd');
}
