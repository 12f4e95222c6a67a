import type { Range } from '../../../core/types';
import type { UnitFileContext, UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { parseUnitFile } from '../unitFile';
import { dropInTexts } from '../workspace';

function top(ctx: UnitFileContext, section: string): Range {
  const s = ctx.unit.section(section);
  if (s) return s.headerRange;
  const first = ctx.unit.sections[0];
  return first ? first.headerRange : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Does the file, or one of its drop-ins the caller lets us read, set one of `keys` in `section`? */
function setsAnywhere(ctx: UnitFileContext, section: string, keys: string[]): boolean {
  if (keys.some((k) => ctx.list(section, k).length > 0)) return true;
  if (!ctx.access) return false;
  return dropInTexts(ctx.doc.path, ctx.access).some((d) => {
    const unit = parseUnitFile(d.text);
    return keys.some((k) => unit.list(section, k).length > 0);
  });
}

/**
 * systemd also loads a service that has only SuccessAction= (src/core/service.c: "Service has no ExecStart=, ExecStop=,
 * or SuccessAction=. Refusing."; systemd's own systemd-exit.service is one).
 */
function successAction(ctx: UnitFileContext): boolean {
  const v = ctx.last('Unit', 'SuccessAction')?.value;
  return !!v && v !== 'none';
}

function service(ctx: UnitFileContext): UnitFileRuleReport[] {
  const out: UnitFileRuleReport[] = [];
  const typeEntry = ctx.last('Service', 'Type');
  const starts = ctx.list('Service', 'ExecStart');
  const stops = ctx.list('Service', 'ExecStop');
  const type = typeEntry?.value || (starts.length ? (ctx.last('Service', 'BusName') ? 'dbus' : 'simple') : 'oneshot');
  if (starts.length > 0) return out;
  if (ctx.access && setsAnywhere(ctx, 'Service', ['ExecStart'])) return out;
  const at = typeEntry ? typeEntry.range : top(ctx, 'Service');
  if (type !== 'oneshot') {
    out.push({
      range: at,
      message:
        `This service has no ExecStart=, so systemd cannot load it${typeEntry ? ` (Type=${type})` : ''}: add ` +
        `the command to run.`,
      detail: 'systemd.service(5): "Unless Type= is oneshot, exactly one command must be given".',
    });
  } else if (stops.length === 0 && !successAction(ctx)) {
    out.push({
      range: at,
      message: 'This service has neither ExecStart= nor ExecStop=, so systemd refuses it: add the command to run.',
      detail: 'systemd.service(5): "Services lacking both ExecStart= and ExecStop= are not valid."',
    });
  }
  return out;
}

/**
 * Where a missing Quadlet key is reported: on the line where it sits in another section (the
 * generator reads it only in its own group), else on the group's header.
 */
function quadletTop(ctx: UnitFileContext, section: string, keys: string[]): Range {
  const misplaced = ctx.unit.entries.find((e) => e.section !== null && e.section !== section && keys.includes(e.key));
  return misplaced ? misplaced.range : top(ctx, section);
}

function quadlet(ctx: UnitFileContext): UnitFileRuleReport[] {
  const { fileType } = ctx.doc;
  if (fileType === 'quadlet-container') {
    if (setsAnywhere(ctx, 'Container', ['Image', 'Rootfs'])) return [];
    return [
      {
        range: quadletTop(ctx, 'Container', ['Image', 'Rootfs']),
        message:
          `A .container file needs Image= (or Rootfs=) in [Container]; without it Quadlet makes no ` +
          `service${ctx.access ? '' : ' (unless a drop-in sets it)'}.`,
        detail: 'podman-systemd.unit(5): "There is only one required key, Image".',
      },
    ];
  }
  if (fileType === 'quadlet-kube') {
    if (setsAnywhere(ctx, 'Kube', ['Yaml'])) return [];
    const message = 'A .kube file needs Yaml= in [Kube]; without it Quadlet makes no service.';
    const detail = 'podman-systemd.unit(5): "There is only one required key, Yaml".';
    return [{ range: quadletTop(ctx, 'Kube', ['Yaml']), message, detail }];
  }
  if (fileType === 'quadlet-build') {
    const out: UnitFileRuleReport[] = [];
    if (!setsAnywhere(ctx, 'Build', ['ImageTag'])) {
      out.push({
        range: quadletTop(ctx, 'Build', ['ImageTag']),
        message: 'A .build file needs ImageTag= in [Build]; without it Quadlet makes no service.',
        detail:
          'podman-systemd.unit(5): "A minimal .build unit needs at least the ImageTag= key, and either of File= or ' +
          'SetWorkingDirectory= keys".',
      });
    }
    if (
      !setsAnywhere(ctx, 'Build', ['File', 'SetWorkingDirectory']) &&
      !setsAnywhere(ctx, 'Service', ['WorkingDirectory'])
    ) {
      out.push({
        range: top(ctx, 'Build'),
        message: 'A .build file needs File= or SetWorkingDirectory= in [Build] (or WorkingDirectory= in [Service]).',
        detail: 'podman-systemd.unit(5) says one of them is mandatory; without it Quadlet makes no service.',
      });
    }
    return out;
  }
  if (fileType === 'quadlet-image') {
    if (setsAnywhere(ctx, 'Image', ['Image'])) return [];
    const message = 'A .image file needs Image= in [Image] (the image to pull); without it Quadlet makes no service.';
    return [{ range: quadletTop(ctx, 'Image', ['Image']), message }];
  }
  if (fileType === 'quadlet-artifact') {
    if (setsAnywhere(ctx, 'Artifact', ['Artifact'])) return [];
    const message =
      'A .artifact file needs Artifact= in [Artifact] (podman-systemd.unit(5), Podman 5.8: "the only required key ' +
      'for artifact units"); without it Quadlet makes no service ("no Artifact key specified").';
    return [{ range: quadletTop(ctx, 'Artifact', ['Artifact']), message }];
  }
  if (fileType === 'quadlet-volume') {
    const driver = ctx.last('Volume', 'Driver');
    if (driver?.value === 'image' && !setsAnywhere(ctx, 'Volume', ['Image'])) {
      return [
        {
          range: driver.range,
          message: 'Driver=image needs Image= as well: add the image the volume is made from.',
          detail: 'podman-systemd.unit(5): "When set to image, the Image key must also be set".',
        },
      ];
    }
  }
  return [];
}

export const missingRequiredKey: UnitFileRule = {
  meta: {
    id: 'SCT407',
    name: 'missing-required-key',
    kind: 'unit',
    defaultSeverity: 'error',
    summary: 'a key the file type requires is missing',
    explanation:
      'Keys without which the unit cannot work. A service: systemd.service(5), ExecStart=: "Unless Type= ' +
      'is oneshot, exactly one command must be given … If no ExecStart= is specified, then the service ' +
      'must have RemainAfterExit=yes and at least one ExecStop= line set. (Services lacking both ' +
      'ExecStart= and ExecStop= are not valid.)" (without Type= and ExecStart=, Type=oneshot is implied). ' +
      'systemd itself also accepts a service whose only action is `SuccessAction=` in `[Unit]`, as its own ' +
      '`systemd-exit.service` is (src/core/service.c), so that is not reported. Quadlet ' +
      '(podman-systemd.unit(5), podman 5.4): a `.container` needs `Image=` ("There is only one required ' +
      'key, Image"; `Rootfs=` is the alternative), a `.kube` needs `Yaml=`, a `.build` needs `ImageTag=` ' +
      'and `File=` or `SetWorkingDirectory=`, a `.volume` with `Driver=image` needs `Image=`, a ' +
      '`.artifact` (Podman 5.8) needs `Artifact=`; otherwise the generator makes no service and `systemctl ' +
      'start` says the unit is not found. Drop-ins are not checked (they only add to a unit), and when the ' +
      'editor or CLI can read the folder, a key set in a drop-in of the file (`foo.container.d/*.conf`, ' +
      '`container.d/*.conf`) counts.',
    sources: [
      'systemd.service(5) (systemd 257): Type=, ExecStart=',
      'podman-systemd.unit(5) (podman 5.4): [Container], [Kube], [Build], [Volume]',
      'podman pkg/systemd/quadlet/quadlet.go (v5.8.2): ConvertArtifact',
    ],
  },
  appliesTo: (doc) => !doc.dropIn && (doc.fileType === 'service' || doc.kind === 'quadlet'),
  check(ctx) {
    return ctx.doc.fileType === 'service' ? service(ctx) : quadlet(ctx);
  },
};
