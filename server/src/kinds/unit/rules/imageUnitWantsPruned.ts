import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { splitQuoted } from '../unitFile';
import { unitName } from '../../dockerfile/facts';
import type { Step } from '../../dockerfile/model';
import { dockerfileLabel, systemdImages } from '../imageUnits';

interface Point {
  step: Step;
  stepIndex: number;
  /** Offset in the step's script, for ordering within one RUN. */
  offset: number;
}

/** A removal's glob comes from the Dockerfile's text; one that is not a valid pattern covers nothing. */
function covers(removal: { covers(path: string): boolean }, path: string): boolean {
  try {
    return removal.covers(path);
  } catch {
    return false;
  }
}

function before(a: Point, b: Point): boolean {
  return a.stepIndex < b.stepIndex || (a.stepIndex === b.stepIndex && a.offset < b.offset);
}

export const imageUnitWantsPruned: UnitFileRule = {
  meta: {
    id: 'SCT703',
    name: 'image-unit-wants-pruned',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'the Dockerfile enables this unit, then its prune deletes the enablement link',
    explanation:
      '`systemctl enable` does nothing but create the links that `[Install]` asks for (systemd.unit(5), ' +
      'Example 1: "a symlink /etc/systemd/system/multi-user.target.wants/foo.service … will be created"). ' +
      'The canonical systemd-image recipe then prunes the wants directories, including ' +
      '`/etc/systemd/system/*.wants/*` (../shared/design.md §2). When the Dockerfile enables a unit and prunes ' +
      'afterwards, the link the enable made is deleted too and the unit never starts at boot — while ' +
      '`systemctl is-enabled` at build time said `enabled`. Enabling after the prune re-creates the link, so ' +
      'then all is well, and that is the fix: move `systemctl enable <unit>` (or the `ln -s`) below the prune. ' +
      'Reported on the `WantedBy=`/`RequiredBy=` target of a unit file that goes into the image of a ' +
      'Dockerfile in the same folder (or above it, COPYing the unit).',
    sources: [
      'systemd.unit(5) (systemd 257): [Install] WantedBy=, Example 1',
      '../shared/design.md §2 (the prune block)',
      'seed 001 (packages installed after pruning re-create wants links)',
    ],
  },
  check(ctx) {
    const images = systemdImages(ctx);
    if (images.length === 0) return [];
    const name = ctx.doc.unitName;
    if (/@\./.test(name)) return []; // a template is enabled per instance
    const out: UnitFileRuleReport[] = [];
    for (const image of images) {
      const { model, facts } = image.dockerfile;
      const point = (step: Step, offset: number): Point => ({ step, stepIndex: model.steps.indexOf(step), offset });
      const label = dockerfileLabel(ctx, image);
      for (const [key, dir] of [
        ['WantedBy', 'wants'],
        ['RequiredBy', 'requires'],
      ] as const) {
        for (const entry of ctx.list('Install', key)) {
          for (const w of splitQuoted(entry.value)) {
            const target = w.value;
            const link = `/etc/systemd/system/${target}.${dir}/${name}`;
            // the last time the Dockerfile creates the link: systemctl enable <unit>, or ln -s … <link>
            let made: Point | undefined;
            for (const op of facts.systemctl) {
              if (op.item.verb !== 'enable' && op.item.verb !== 'reenable') continue;
              if (!op.item.units.some((u) => unitName(u) === name)) continue;
              const p = point(op.step, op.item.start);
              if (!made || before(made, p)) made = p;
            }
            for (const step of model.steps) {
              for (const l of step.run?.effects.links ?? []) {
                if (
                  l.link !== link &&
                  !(l.link === `/etc/systemd/system/${target}.${dir}` && l.target.endsWith(`/${name}`))
                )
                  continue;
                const p = point(step, l.start);
                if (!made || before(made, p)) made = p;
              }
            }
            if (!made) continue;
            const removal = facts.removals.find(
              (r) => before(made!, point(r.step, r.item.start)) && covers(r.item, link),
            );
            if (!removal) continue;
            out.push({
              range: entry.rangeOf(w.start, w.end),
              message:
                `${label} enables ${name} (line ${made.step.range.start.line + 1}) and later removes ${link} ` +
                `(line ${removal.step.range.start.line + 1}, the wants prune): the link is gone and ${name} does ` +
                'not start at boot. Enable it after the prune.',
            });
          }
        }
      }
    }
    return out;
  },
};
