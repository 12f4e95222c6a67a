import type { UnitFileRule } from '../../unit/ruleContext';
import { FIRST_QUADLET_RELEASE, quadletTarget } from '../../unit/knowledge/quadletKeys';

export const quadletUnavailable: UnitFileRule = {
  meta: {
    id: 'SCT510',
    name: 'quadlet-unavailable',
    kind: 'quadlet',
    defaultSeverity: 'error',
    summary: 'a Quadlet file for a Podman that has no Quadlet',
    explanation:
      'Quadlet, the systemd generator that turns `.container`, `.volume`, `.network`, `.kube` … ' +
      'files into services, first shipped with Podman 4.4. When the target Podman release (setting ' +
      '`podmanVersion`, CLI `--podman-version`) is older, nothing reads the file: no service is ' +
      'made. Debian bookworm, for one, has Podman 4.3; use `podman generate systemd` units or a ' +
      'newer Podman there.',
    sources: ['Podman 4.4 release notes: Quadlet', 'podman-systemd.unit(5)'],
  },
  appliesTo: (doc) => doc.kind === 'quadlet',
  check(ctx) {
    const target = quadletTarget(ctx.doc.podmanVersion);
    if (target.quadlet) return [];
    const first = ctx.unit.sections[0];
    const range = first ? first.headerRange : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [
      {
        range,
        message:
          `Podman ${target.version} has no Quadlet (it arrived in Podman ${FIRST_QUADLET_RELEASE}): ` +
          'nothing turns this file into a service.',
      },
    ];
  },
};
