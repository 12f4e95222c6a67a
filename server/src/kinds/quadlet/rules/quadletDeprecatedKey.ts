import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { isQuadletType } from '../../unit/document';
import { ownQuadletGroup } from '../../unit/classify';
import { quadletDeprecation } from '../../../knowledge/quadletKeys';
import { judgedRelease } from '../generator';

export const quadletDeprecatedKey: UnitFileRule = {
  meta: {
    id: 'SCT511',
    name: 'quadlet-deprecated-key',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'a Quadlet key its generator marks deprecated',
    explanation:
      'Keys the Quadlet generator still accepts but its source marks deprecated ' +
      '(pkg/systemd/quadlet/quadlet.go: `RemapUsers=`, `RemapUid=`, `RemapGid=`, `RemapUidSize=`, ' +
      '`VolatileTmp=`) and podman-systemd.unit(5) no longer documents. They work today; use ' +
      '`UserNS=` (with `UIDMap=`/`GIDMap=`) and `Tmpfs=/tmp` instead. Mixing the old user-namespace ' +
      'keys with the new ones makes the generator refuse the file (quadlet-refused-value).',
    sources: [
      'podman pkg/systemd/quadlet/quadlet.go (v5.4.2, v5.8.2): "// deprecated" keys',
      'podman-systemd.unit(5) (podman 5.4, 5.8): UserNS=, Tmpfs=',
    ],
  },
  appliesTo: (doc) => isQuadletType(doc.fileType),
  check(ctx) {
    const group = ownQuadletGroup(ctx.doc);
    const release = judgedRelease(ctx);
    const out: UnitFileRuleReport[] = [];
    for (const { entry } of ctx.entriesWith('known')) {
      if (entry.section !== group) continue;
      const d = quadletDeprecation(release, entry.key);
      if (d)
        out.push({
          range: entry.keyRange,
          message:
            `${entry.key}= is deprecated in Quadlet (Podman ${release} still reads it); ` +
            `use ${d.replacement} instead.`,
        });
    }
    return out;
  },
};
