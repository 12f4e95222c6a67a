import type { Pitfall } from './types';
import { clean } from './mountPaths';

export const missingTmpfsPitfall: Pitfall = {
  meta: {
    id: 'missing-tmpfs',
    summary: 'systemd container without a tmpfs on /run',
    defaultSeverity: 'error',
    explanation:
      'systemd needs `/run` and `/run/lock` to be tmpfs mounts. When they are not, it mounts them itself, which ' +
      'needs CAP_SYS_ADMIN: an unprivileged container exits at once with code 255 (`Failed to mount tmpfs at /run: ' +
      'Operation not permitted` … `Exiting PID 1...`, visible only with a TTY). Docker adds no such mounts; Podman ' +
      'does in its systemd mode. A privileged container can mount them itself, so it only boots because it is ' +
      "privileged (and cannot drop that). Debian's systemd also mounts `/run/lock` as its own tmpfs: with a tmpfs on " +
      '`/run` only, an unprivileged Debian bookworm container still exits 255 with `Failed to mount tmpfs at ' +
      "/run/lock: Operation not permitted` (checked on this project's dockerd, Docker CLI 28.2.2 / dockerd 20.10, " +
      "cgroup v1); Ubuntu's systemd comes from the same packaging (not checked). So the fix adds both; for images " +
      'known to be Debian- or Ubuntu-based a missing `/run/lock` is reported too.',
    sources: [
      '../shared/design.md §1',
      'docs/verified-behaviour.md claim 1',
      'docs/verified-behaviour.md claim 9',
      'dockerd check: sct/debian-systemd:bookworm with --tmpfs /run only → exit 255, with /run and /run/lock → running',
      'podman-run(1) --systemd',
      'seed 003 (privileged works without tmpfs)',
    ],
  },
  check({ spec, judgement, vocabulary, podmanMode, privileged, absenceKnown, anyDynamicMount }) {
    if (podmanMode || !absenceKnown || anyDynamicMount) return [];
    const out: ReturnType<Pitfall['check']> = [];
    const why = judgement.why;
    const tmpfsTargets = new Set(spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => clean(m.target)));
    // Debian's and Ubuntu's systemd mount /run/lock themselves: a tmpfs on /run alone is not enough.
    const debianLike = judgement.image.family === 'debian' || judgement.image.family === 'ubuntu';
    const lockMounted = spec.mounts.some((m) => clean(m.target) === '/run/lock');
    if (!privileged && tmpfsTargets.has('/run') && !lockMounted && debianLike) {
      out.push({
        pitfall: 'missing-tmpfs',
        missingTmpfs: ['/run/lock'],
        message:
          'This systemd container has a tmpfs on /run but none on /run/lock, so systemd exits at boot. ' +
          'Add a tmpfs on /run/lock.',
        detail:
          `This container runs systemd (${why}). Debian's and Ubuntu's systemd mount /run/lock themselves and, ` +
          'unprivileged, exit at once ("Failed to mount tmpfs at /run/lock").',
      });
    }
    if (!tmpfsTargets.has('/run')) {
      const missing = ['/run', '/run/lock'].filter((d) => !tmpfsTargets.has(d));
      const hostBind = spec.mounts.find((m) => clean(m.target) === '/run' && m.kind !== 'tmpfs');
      out.push({
        pitfall: 'missing-tmpfs',
        severity: privileged ? 'warning' : undefined,
        missingTmpfs: hostBind ? missing.filter((d) => d !== '/run') : missing,
        message: privileged
          ? `This container runs systemd (${why}) without a tmpfs on /run; it boots only because it is privileged. ` +
            `Add ${vocabulary.tmpfs}.`
          : `This container runs systemd (${why}) without a tmpfs on /run, so systemd exits at boot. ` +
            `Add ${vocabulary.tmpfs}.`,
        detail:
          'Unprivileged, systemd cannot mount a tmpfs on /run itself and exits at once ("Failed to mount tmpfs at ' +
          '/run").',
      });
    }
    return out;
  },
  fix(report, _spec, w) {
    const targets = report.missingTmpfs ?? [];
    return {
      title: `Add ${w.tmpfs} ${targets.join(', ')}${w.optionsPlace}`,
      edits: [{ op: 'add-tmpfs', targets }],
      preferred: true,
    };
  },
};
