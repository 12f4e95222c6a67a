import type { UnitRule, UnitRuleReport } from './context';
import { canonicalSection } from '../../units/classify';
import { nearestKey } from '../../units/knowledge/directives';
import { isQuadletType } from '../../units/document';

/** The sections Quadlet itself reads; the others go to the generated .service as they are. */
export const QUADLET_OWN_SECTIONS = new Set(['Container', 'Volume', 'Network', 'Pod', 'Kube', 'Image', 'Build', 'Quadlet']);

export const unknownKey: UnitRule = {
  meta: {
    id: 'SCT402',
    name: 'unknown-key',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a key its section does not take',
    explanation:
      "systemd.unit(5): \"If systemd encounters an unknown option, it will write a warning log message but continue loading the unit\" — the setting has no effect. Keys are case-sensitive, so `execstart=` is unknown too. In Quadlet's own sections (`[Container]`, `[Volume]`, `[Network]`, `[Pod]`, `[Kube]`, `[Image]`, `[Build]`, `[Quadlet]`) it is worse: the generator rejects the file (\"unsupported key\") and no service is created — podman-systemd.unit(5) says a unit that is then \"not found\" may use \"an option from a newer version of Podman Quadlet\". The key list is that of systemd 257 and podman 5.4 (Debian trixie); a key added later, or a vendor extension, is reported too: turn the rule down or off in `.systemd-lint.yaml` (`severity: {unknown-key: info}`) where that is expected. Keys starting with `X-` are never reported (systemd ignores them by design). Keys systemd still reads under an old name are reported by deprecated-key instead.",
    sources: ['systemd.unit(5) (systemd 257): unknown options', 'podman-systemd.unit(5) (podman 5.4): "Debugging unit files"', 'podman pkg/systemd/quadlet/quadlet.go: supported keys per group', 'docs/directive-database.md'],
  },
  check(ctx) {
    const { doc } = ctx;
    const out: UnitRuleReport[] = [];
    for (const { entry, status } of ctx.entriesWith('unknown')) {
      const section = entry.section!;
      const near = nearestKey(doc.fileType, canonicalSection(doc, section), entry.key);
      const quadletOwn = isQuadletType(doc.fileType) && QUADLET_OWN_SECTIONS.has(section);
      const consequence = quadletOwn ? 'Quadlet refuses to generate the service' : doc.kind === 'nspawn' ? 'systemd-nspawn warns and ignores it' : 'systemd warns and ignores it';
      const q = status.quadlet;
      const message = q
        ? `${entry.key}= is not a key of [${section}] for Quadlet of Podman ${q.release}` +
          (q.since ? ` (it arrived in Podman ${q.since})` : near ? `; did you mean ${near}=?` : '') +
          ': the generator refuses the file ("unsupported key") and no service is made.'
        : `${entry.key}= is not a key of [${section}] in ${doc.fileType} files` +
          `${near ? `; did you mean ${near}=?` : ''} ` +
          `${consequence} (known to systemd 257 / podman 5.4: a newer release or a vendor extension may define it).`;
      out.push({
        range: entry.keyRange,
        message,
        severity: quadletOwn ? 'error' : undefined,
        fixes: near ? [{ title: `Rename to ${near}=`, edits: [{ range: entry.keyRange, newText: near }], preferred: near.toLowerCase() === entry.key.toLowerCase() }] : [],
      });
    }
    return out;
  },
};
