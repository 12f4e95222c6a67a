import type { UnitFileContext, UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { podmanOptions } from '../podmanArgs';
import { splitQuoted } from '../../unit/unitFile';
import { baseName, dirName } from '../../unit/document';
import { analyseDockerfile, joinPath, normalizePath, type AnalysedDockerfile } from '../../unit/workspace';
import { isInitWord } from '../../dockerfile/facts';
import { parseUnitFile } from '../../unit/unitFile';

/**
 * podman-run(1) --systemd=true: "enables systemd mode only when the command executed inside the container is systemd,
 * /usr/sbin/init, /sbin/init or /usr/local/sbin/init".
 */
export function triggersSystemdMode(command0: string | undefined): boolean {
  if (!command0) return false;
  return (
    ['/sbin/init', '/usr/sbin/init', '/usr/local/sbin/init'].includes(command0) ||
    command0 === 'systemd' ||
    baseName(command0) === 'systemd'
  );
}

function words(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v.startsWith('[')) {
    try {
      return JSON.parse(v) as string[];
    } catch {
      return undefined;
    }
  }
  return splitQuoted(v).map((w) => w.value);
}

/**
 * The image's Dockerfile when the workspace builds it: `Image=x.build`, or an ImageTag= of a .build file next to this
 * one.
 */
function imageDockerfile(ctx: UnitFileContext, image: string): AnalysedDockerfile | undefined {
  const access = ctx.access;
  if (!access) return undefined;
  const dir = dirName(ctx.doc.path);
  const builds: string[] = [];
  if (image.endsWith('.build')) builds.push(joinPath(dir, image));
  else for (const name of access.listDir(dir) ?? []) if (name.endsWith('.build')) builds.push(joinPath(dir, name));
  for (const path of builds) {
    const text = access.readFile(path);
    if (text === undefined) continue;
    const build = parseUnitFile(text);
    if (
      !image.endsWith('.build') &&
      !build
        .list('Build', 'ImageTag')
        .some((t) => t.value === image || t.value.replace(/^localhost\//, '') === image.replace(/^localhost\//, ''))
    )
      continue;
    const file = build.last('Build', 'File')?.value;
    const context = build.last('Build', 'SetWorkingDirectory')?.value;
    const base =
      context && context !== 'unit' && context !== 'file' && !/^[a-z]+:\/\//.test(context)
        ? joinPath(dir, context)
        : dir;
    const candidates =
      file && !/^https?:/.test(file)
        ? [normalizePath(joinPath(base, file)), normalizePath(joinPath(dir, file))]
        : ['Containerfile', 'Dockerfile'].map((n) => joinPath(base, n));
    for (const c of candidates) {
      const t = access.readFile(c);
      if (t !== undefined) return analyseDockerfile(c, t) ?? undefined;
    }
  }
  return undefined;
}

export const quadletSystemdImageWithoutSystemdMode: UnitFileRule = {
  meta: {
    id: 'SCT504',
    name: 'quadlet-systemd-image-without-systemd-mode',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: "systemd runs as PID 1 through a wrapper, so Podman's systemd mode is not switched on",
    explanation:
      'podman-run(1) (podman 5.4), `--systemd=true` (the default) "enables systemd mode only when the command ' +
      'executed inside the container is systemd, /usr/sbin/init, /sbin/init or /usr/local/sbin/init". Systemd ' +
      'mode is what makes systemd work unprivileged: tmpfs on /run, /run/lock, /tmp and /var/lib/journal, a ' +
      'writable /sys/fs/cgroup on cgroup v2, stop signal SIGRTMIN+3, `container_uuid`. When the command is a ' +
      'wrapper (`Entrypoint=/entrypoint.sh` with `Exec=/sbin/init`, `Exec=/bin/sh -c "… exec /sbin/init"`, ' +
      'or an image whose ENTRYPOINT/CMD starts systemd through a script — known when the workspace builds ' +
      'the image with a `.build` file), Podman sees the wrapper, not init, and none of that happens. ' +
      'Add `PodmanArgs=--systemd=always`, or make `/sbin/init` the command (`Exec=/sbin/init` with no ' +
      'wrapper entrypoint).',
    sources: [
      'podman-run(1) (podman 5.4): --systemd',
      'podman-systemd.unit(5) (podman 5.4): Exec=, Entrypoint=, PodmanArgs=',
      '../shared/design.md §1',
    ],
    recipe: 'PodmanArgs=--systemd=always',
  },
  appliesTo: (doc) => doc.fileType === 'quadlet-container' && !doc.dropIn,
  check(ctx) {
    const systemdOption = podmanOptions(ctx)
      .filter((o) => o.name === '--systemd')
      .pop();
    if (systemdOption?.value === 'always') return [];
    const entrypointEntry = ctx.last('Container', 'Entrypoint');
    const execEntry = ctx.last('Container', 'Exec');
    const imageEntry = ctx.last('Container', 'Image');
    const entrypoint = words(entrypointEntry?.value);
    const exec = words(execEntry?.value);
    const image = imageEntry ? imageDockerfile(ctx, imageEntry.value) : undefined;

    // The command podman runs: ENTRYPOINT (Entrypoint= or the image's) + args (Exec= or, without Entrypoint=, the
    // image's CMD).
    const imageEntrypoint =
      image?.model.entrypoint?.form === 'exec'
        ? image.model.entrypoint.args
        : image?.model.entrypoint
          ? ['/bin/sh', '-c', image.model.entrypoint.text]
          : undefined;
    const imageCmd =
      image?.model.cmd?.form === 'exec'
        ? image.model.cmd.args
        : image?.model.cmd
          ? ['/bin/sh', '-c', image.model.cmd.text]
          : undefined;
    const ep = entrypoint ?? imageEntrypoint ?? [];
    const args = exec ?? (entrypoint ? [] : (imageCmd ?? []));
    const command = [...ep, ...args];
    if (command.length === 0) return [];

    // Does the command start systemd (directly, through a wrapper, or through a shell)?
    const mentionsInit = command.some(
      (w) =>
        isInitWord(w) ||
        /(^|[\s;&|])exec\s+(\S*\/)?(init|systemd)\b/.test(w) ||
        /\/(sbin\/init|systemd\/systemd)\b/.test(w),
    );
    const imageRunsSystemd = !!image && image.facts.intent && image.facts.starts.kind === 'yes' && !exec && !entrypoint;
    if (!mentionsInit && !imageRunsSystemd) return [];
    if (triggersSystemdMode(command[0]) && systemdOption?.value !== 'false') return [];

    const at = (entrypointEntry ?? execEntry ?? imageEntry)!;
    const why =
      systemdOption?.value === 'false'
        ? 'PodmanArgs sets --systemd=false'
        : `the command Podman sees is ${JSON.stringify(command[0])}, not init, so --systemd=true (the default) does ` +
          `not switch systemd mode on`;
    const out: UnitFileRuleReport = {
      range: at.range,
      message:
        `This container runs systemd as PID 1, but ${why}: no tmpfs on /run and /tmp, no writable cgroup, no ` +
        `SIGRTMIN+3 stop signal. Add PodmanArgs=--systemd=always.`,
      fixes:
        systemdOption?.value === 'false'
          ? []
          : [
              {
                title: 'Add PodmanArgs=--systemd=always',
                edits: [ctx.insertIntoSection('Container', ['PodmanArgs=--systemd=always'])],
                preferred: true,
              },
            ],
    };
    return [out];
  },
};
