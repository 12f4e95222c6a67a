import type { UnitFileRule } from '../../unit/ruleContext';
import { FIRST_QUADLET_RELEASE, quadletTarget } from '../../../knowledge/quadletKeys';
import { ownQuadletGroup } from '../../unit/classify';

export const quadletUnavailable: UnitFileRule = {
  meta: {
    id: 'SCT510',
    name: 'quadlet-unavailable',
    kind: 'quadlet',
    defaultSeverity: 'error',
    summary: 'a Quadlet file for a Podman whose Quadlet does not read it (none before 4.4, .artifact before 5.8)',
    explanation:
      'Quadlet, the systemd generator that turns `.container`, `.volume`, `.network`, `.kube` … ' +
      'files into services, first shipped with Podman 4.4. When the target Podman release (setting ' +
      '`podmanVersion`, CLI `--podman-version`) is older, nothing reads the file: no service is ' +
      'made. Debian bookworm, for one, has Podman 4.3; use `podman generate systemd` units or a ' +
      'newer Podman there. The same holds for a file type newer than the target release: `.artifact` ' +
      'files arrived with Podman 5.8, and the generator of 5.4 (Debian trixie) passes over them. ' +
      'Nothing else is reported on such a file: no check of a generator that will not read it.',
    sources: [
      'Podman 4.4 release notes: Quadlet',
      'podman-systemd.unit(5)',
      'podman pkg/systemd/quadlet/quadlet.go (v5.4.2, v5.8.2): the file extensions each generator loads',
    ],
  },
  appliesTo: (doc) => doc.kind === 'quadlet',
  check(ctx) {
    const target = quadletTarget(ctx.doc.podmanVersion, ownQuadletGroup(ctx.doc));
    if (target.quadlet) return [];
    const first = ctx.unit.sections[0];
    const range = first ? first.headerRange : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const extension = ctx.doc.fileType.slice('quadlet-'.length);
    const message =
      target.missing === 'quadlet'
        ? `Podman ${target.version} has no Quadlet (it arrived in Podman ${FIRST_QUADLET_RELEASE}): ` +
          'nothing turns this file into a service.'
        : `The Quadlet of Podman ${target.version} does not read .${extension} files (that file type arrived ` +
          `in Podman ${target.since}): nothing turns this file into a service.`;
    return [{ range, message }];
  },
};
