/**
 * A Quadlet .container's run configuration as the shared run model (shared/runSpec.ts), so the
 * pitfall table (runspec/pitfalls) judges it like a compose service or a `podman run` line. Read
 * today: the mounts (Volume=, Mount=, PodmanArgs= -v/--volume/--mount) and --privileged; the spec
 * says it is incomplete, so no pitfall reports an absence from it. Each value keeps where it is
 * written (the key, or the PodmanArgs= words), which the fixes need to edit it.
 */
import type { MountSpec, RunSpec } from '../../../../shared/runSpec';
import { emptySpec } from '../../../../shared/runSpec';
import type { UnitFileContext } from '../unit/ruleContext';
import { mounts, optionOn, podmanOptions, type PodmanMount, type PodmanOption } from './podmanArgs';
import { wordsRange } from './podmanEdits';

export interface QuadletRunSpec {
  spec: RunSpec;
  /** Where each mount of the spec is written. */
  written: Map<MountSpec, PodmanMount>;
  /** The PodmanArgs= option that makes the container privileged. */
  privilegedOption?: PodmanOption;
}

const specs = new WeakMap<UnitFileContext, QuadletRunSpec>();

/** The run configuration of a .container's [Container] section (read once per context). */
export function quadletRunSpec(ctx: UnitFileContext): QuadletRunSpec {
  let found = specs.get(ctx);
  if (!found) specs.set(ctx, (found = readSpec(ctx)));
  return found;
}

function readSpec(ctx: UnitFileContext): QuadletRunSpec {
  const whole = ctx.unit.entries[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const spec = emptySpec('podman', 'podman', whole);
  spec.incomplete = true;
  const image = ctx.unit.last('Container', 'Image');
  if (image) spec.image = { value: image.value, range: image.range };
  const writtenAt = new Map<MountSpec, PodmanMount>();
  for (const m of mounts(ctx)) {
    const viaMount = m.words ? m.words[0].value.startsWith('--mount') : m.entry.key === 'Mount';
    // Volume= and -v write `source:destination[:options]`; Mount= options are not read yet.
    const written = m.words ? m.words[m.words.length - 1].value.replace(/^-[^=]*=/, '') : m.entry.value;
    const options = viaMount ? [] : written.split(':').slice(2).join(':').split(',').filter(Boolean);
    const mount: MountSpec = {
      kind: 'bind',
      source: m.source,
      target: m.destination ?? '',
      readOnly: options.includes('ro'),
      options,
      range: m.words ? wordsRange(m.words) : m.entry.range,
      via: viaMount ? 'mount-flag' : 'volume-flag',
    };
    spec.mounts.push(mount);
    writtenAt.set(mount, m);
  }
  const privilegedOption = podmanOptions(ctx).find((o) => o.name === '--privileged' && optionOn(o));
  if (privilegedOption) spec.privileged = { value: true, range: wordsRange(privilegedOption.words) };
  return { spec, written: writtenAt, privilegedOption };
}
