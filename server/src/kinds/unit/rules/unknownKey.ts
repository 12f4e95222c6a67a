import type { Classified, UnitFileContext, UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { releaseHasSection, tableReleases } from '../knowledge/releases';
import { canonicalSection } from '../classify';
import { nearestKey } from '../knowledge/directives';
import { isQuadletType } from '../document';
import { quadletGroups, quadletReleases } from '../../../knowledge/quadletKeys';

/** The sections Quadlet itself reads, in any release we know; the others go to the generated .service as they are. */
export const QUADLET_OWN_SECTIONS: ReadonlySet<string> = new Set(quadletReleases().flatMap(quadletGroups));

/** Whose key list said so: the target systemd's for the sections it reads itself. */
function knownTo(ctx: UnitFileContext, section: string): string {
  const release = ctx.releases.systemd.release;
  return releaseHasSection(release, canonicalSection(ctx.doc, section))
    ? `Unknown to systemd ${release} and to ${tableReleases()
        .filter((r) => r !== release)
        .join(' and ')}`
    : 'Judged by systemd 257 / podman 5.4';
}

/** The release in the one-line message, when the release's own table judged the key. */
function releaseOf(ctx: UnitFileContext, section: string): string {
  const release = ctx.releases.systemd.release;
  return releaseHasSection(release, canonicalSection(ctx.doc, section)) ? ` (unknown to systemd ${release})` : '';
}

/**
 * "MemoryKSM= is unknown to systemd 252; it arrived in 254 …", "X= is unknown to systemd 262; it was removed after 257
 * …".
 */
export function notInReleaseMessage(key: string, section: string, s: Classified<'not-in-release'>['status']): string {
  const when =
    s.firstLater !== undefined
      ? s.since !== undefined
        ? `it arrived in ${s.since}`
        : `it arrived after ${s.release} (systemd ${s.firstLater} has it)`
      : `it was removed after ${s.lastEarlier} (systemd ${s.lastEarlier} still read it)`;
  return (
    `${key}= is unknown to systemd ${s.release} in [${section}]; ${when}. systemd ${s.release} warns and ignores ` +
    'it: set the target release (systemdVersion) if the file is for another systemd.'
  );
}

export const unknownKey: UnitFileRule = {
  meta: {
    id: 'SCT402',
    name: 'unknown-key',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a key its section does not take',
    explanation:
      'systemd.unit(5): "If systemd encounters an unknown option, it will write a warning log message but ' +
      'continue loading the unit" — the setting has no effect. Keys are case-sensitive, so `execstart=` ' +
      "is unknown too. In Quadlet's own sections (`[Container]`, `[Volume]`, `[Network]`, `[Pod]`, " +
      '`[Kube]`, `[Image]`, `[Build]`, `[Quadlet]`) it is worse: the generator rejects the file ' +
      '("unsupported key") and no service is created — podman-systemd.unit(5) says a unit that is then ' +
      '"not found" may use "an option from a newer version of Podman Quadlet". In the sections systemd ' +
      'itself reads (`[Unit]`, `[Service]` … `[Install]`) the keys are those the target systemd release ' +
      "accepts (252, 257 or 262: the CLI's `--systemd-version`, the `systemdVersion` setting or config " +
      "key, else what a running container of the unit's image says (`systemctl --version`, asked by the " +
      'editor), else the release of the Debian image the unit goes into, else the newest), taken from the ' +
      'binaries themselves; a key an earlier or later release knows is an error that says when it arrived ' +
      'or went ("MemoryKSM= is unknown to systemd 252; it arrived in 254"). Quadlet\'s keys are those the ' +
      'generator of the target Podman release accepts (5.4 or 5.8, read from its source: ' +
      '`--podman-version`, the `podmanVersion` setting or config key, else what a running container says, ' +
      'else the newest); a key added in a later release is an error naming it, and a vendor extension is ' +
      'reported too: turn the rule down or off in `.systemd-lint.yaml` (`severity: {unknown-key: info}`) ' +
      'where that is expected. Keys starting with `X-` are never reported (systemd ignores them by ' +
      'design). Keys systemd still reads under an old name are reported by deprecated-key instead.',
    sources: [
      'systemd.unit(5) (systemd 257): unknown options',
      'systemd --dump-configuration-items, libsystemd-core parser table and systemd-analyze verify of systemd 252, ' +
        '257, 262 (scripts/systemd-keys/)',
      'podman-systemd.unit(5) (podman 5.4): "Debugging unit files"',
      'podman pkg/systemd/quadlet/quadlet.go: supported keys per group',
      'docs/directive-database.md',
    ],
  },
  check(ctx) {
    const { doc } = ctx;
    const out: UnitFileRuleReport[] = [];
    for (const { entry, status } of ctx.entriesWith('unknown')) {
      const section = entry.section!;
      const near = nearestKey(doc.fileType, canonicalSection(doc, section), entry.key);
      const quadletOwn = isQuadletType(doc.fileType) && QUADLET_OWN_SECTIONS.has(section);
      const consequence = quadletOwn
        ? 'Quadlet refuses to generate the service'
        : doc.kind === 'nspawn'
          ? 'systemd-nspawn warns and ignores it'
          : 'systemd warns and ignores it';
      const q = status.quadlet;
      const message = q
        ? // what is wrong, what it does, then what to do (the suggestion last, so no "?:" in the middle)
          `${entry.key}= is not a key of [${section}] for Quadlet of Podman ${q.release}` +
          (q.since ? ` (it arrived in Podman ${q.since})` : '') +
          ': the generator refuses the file ("unsupported key") and makes no service' +
          (q.since ? '.' : near ? `; did you mean ${near}=?` : '.')
        : `${entry.key}= is not a key of [${section}] in ${doc.fileType} files` +
          `${near ? `; did you mean ${near}=? ` : ': '}${consequence}${releaseOf(ctx, section)}.`;
      out.push({
        range: entry.keyRange,
        message,
        ...(q ? {} : { detail: `${knownTo(ctx, section)}: a newer release or a vendor extension may define it.` }),
        severity: quadletOwn ? 'error' : undefined,
        fixes: near
          ? [
              {
                title: `Rename to ${near}=`,
                edits: [{ range: entry.keyRange, newText: near }],
                preferred: near.toLowerCase() === entry.key.toLowerCase(),
              },
            ]
          : [],
      });
    }
    // keys of another systemd release: an error, since the file is meant for this one
    for (const { entry, status } of ctx.entriesWith('not-in-release')) {
      out.push({
        range: entry.keyRange,
        message: notInReleaseMessage(entry.key, entry.section!, status),
        severity: 'error',
      });
    }
    return out;
  },
};
