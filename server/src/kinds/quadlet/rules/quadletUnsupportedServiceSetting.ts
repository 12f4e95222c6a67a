import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';

export const quadletUnsupportedServiceSetting: UnitFileRule = {
  meta: {
    id: 'SCT507',
    name: 'quadlet-unsupported-service-setting',
    kind: 'quadlet',
    defaultSeverity: 'error',
    summary: 'a [Service] KillMode= or Type= the Quadlet generator rejects',
    explanation:
      "Quadlet writes the service's process handling itself and refuses a `.container` or `.kube` " +
      'file that changes it: `KillMode=` other than `mixed` or `control-group` ("Only allow mixed ' +
      'or control-group, as nothing else works well"; the generator sets `mixed`), and `Type=` ' +
      'other than `notify` or `oneshot` (podman-systemd.unit(5): Quadlet sets `Type=notify` for ' +
      '`.container` files, and `Type=oneshot` may be set explicitly when no container keeps ' +
      'running). The generator logs an error and creates no service, so `systemctl start` reports ' +
      'the unit as not found. `KillMode=none` or `Type=forking` are typical leftovers of `podman ' +
      'generate systemd` units.',
    sources: [
      'podman-systemd.unit(5) (podman 5.4): "Service Type"',
      'podman pkg/systemd/quadlet/quadlet.go: ConvertContainer ("invalid KillMode", "invalid service Type")',
    ],
  },
  appliesTo: (doc) => (doc.fileType === 'quadlet-container' || doc.fileType === 'quadlet-kube') && !doc.dropIn,
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    const file = ctx.doc.fileType === 'quadlet-kube' ? '.kube' : '.container';
    const killMode = ctx.last('Service', 'KillMode');
    if (killMode && killMode.value !== 'mixed' && killMode.value !== 'control-group') {
      out.push({
        range: killMode.range,
        message:
          `Quadlet accepts only KillMode=mixed or control-group in a ${file} file (it sets mixed itself); ` +
          `with KillMode=${killMode.value} the generator fails and no service is created.`,
        fixes: [
          { title: 'Remove KillMode= (Quadlet sets mixed)', edits: [ctx.deleteEntry(killMode)], preferred: true },
        ],
      });
    }
    const type = ctx.last('Service', 'Type');
    if (type && type.value !== 'notify' && type.value !== 'oneshot') {
      out.push({
        range: type.range,
        message:
          `Quadlet accepts only Type=notify (its default) or Type=oneshot in a ${file} file; ` +
          `with Type=${type.value} the generator fails and no service is created.`,
        fixes: [{ title: 'Remove Type= (Quadlet sets notify)', edits: [ctx.deleteEntry(type)], preferred: true }],
      });
    }
    return out;
  },
};
