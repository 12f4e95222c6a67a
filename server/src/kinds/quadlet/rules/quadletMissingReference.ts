import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import type { UnitEntry } from '../../unit/unitFile';
import { atLeast, GeneratorView, quadletExtensions, words } from '../generator';
import { parseMount } from './quadletRefusedValue';

/** [Unit] keys whose Quadlet file names the generator translates to service names (5.8 on). */
const DEPENDENCY_KEYS = [
  'After',
  'Before',
  'BindsTo',
  'Conflicts',
  'OnFailure',
  'OnSuccess',
  'PartOf',
  'PropagatesReloadTo',
  'PropagatesStopTo',
  'ReloadPropagatedFrom',
  'Requires',
  'Requisite',
  'StopPropagatedFrom',
  'Upholds',
  'Wants',
];

interface Reference {
  entry: UnitEntry;
  name: string;
}

function endsWithAny(name: string, extensions: string[]): boolean {
  return extensions.some((x) => name.endsWith(x));
}

/** Every Quadlet file name the generator resolves in this file, with the line that names it. */
export function quadletReferences(g: GeneratorView): Reference[] {
  const refs: Reference[] = [];
  const add = (entry: UnitEntry, name: string) => refs.push({ entry, name });
  const { group, release } = g;
  if (['Container', 'Kube', 'Build', 'Pod'].includes(group)) {
    for (const e of g.all('Network')) {
      const name = e.value.split(':')[0];
      if (endsWithAny(name, ['.network', '.container'])) add(e, name);
    }
  }
  const imageSource = (e: UnitEntry | undefined) => {
    const v = e?.value.trim();
    if (e && v && endsWithAny(v, ['.build', '.image'])) add(e, v);
  };
  if (group === 'Container') {
    imageSource(g.set('Image'));
    const pod = g.set('Pod');
    if (pod && pod.value.trim().endsWith('.pod')) add(pod, pod.value.trim());
    const mountSources = ['.volume', '.image', ...(atLeast(release, '5.8') ? ['.artifact'] : [])];
    for (const e of g.all('Mount'))
      for (const word of words(e.value)) {
        const m = parseMount(word);
        if (m && !m.source.startsWith('.') && endsWithAny(m.source, mountSources)) add(e, m.source);
      }
  }
  if (group === 'Volume' && g.last('Driver')?.value === 'image') imageSource(g.last('Image'));
  if (['Container', 'Pod', 'Build'].includes(group)) {
    const volumeSources = ['.volume', ...(atLeast(release, '5.8') ? ['.artifact'] : [])];
    for (const e of g.all('Volume')) {
      const parts = e.value.split(':');
      const source = parts.length >= 2 ? parts[0] : '';
      if (source && !source.startsWith('.') && endsWithAny(source, volumeSources)) add(e, source);
    }
  }
  if (atLeast(release, '5.8')) {
    const extensions = quadletExtensions(release);
    for (const key of DEPENDENCY_KEYS) {
      for (const e of g.all(key, 'Unit'))
        for (const w of words(e.value))
          if (endsWithAny(w, extensions) && extensions.includes(w.slice(w.lastIndexOf('.')))) add(e, w);
    }
  }
  return refs;
}

export const quadletMissingReference: UnitFileRule = {
  meta: {
    id: 'SCT509',
    name: 'quadlet-missing-reference',
    kind: 'quadlet',
    defaultSeverity: 'error',
    summary: 'a reference to a Quadlet file that is not there',
    explanation:
      'A Quadlet file may name another one instead of a Podman resource: `Network=db.network` or ' +
      '`Network=web.container`, `Image=app.build` or `Image=base.image` (also in a `.volume` with ' +
      '`Driver=image`), `Pod=app.pod`, a `Volume=` or `Mount=` source `data.volume` (or `x.image`, ' +
      '`x.artifact` where that release takes them), and from Podman 5.8 on a `[Unit]` dependency ' +
      'such as `Requires=db.container`. The generator looks the name up among the Quadlet files it ' +
      'loaded; when there is none it refuses the file ("requested Quadlet unit … was not found", ' +
      '"quadlet pod unit … does not exist", "unable to translate dependency") and makes no service. ' +
      'Checked against the files in the same folder and the folders below it (the generator walks ' +
      'its unit directories), only when the editor or CLI can read them; files installed elsewhere ' +
      '(another unit directory) are not seen, so such a reference is reported too: disable the rule ' +
      'with a pragma there.',
    sources: [
      'podman pkg/systemd/quadlet/quadlet.go (v5.4.2, v5.8.2): addNetworks, handleImageSource, handlePod, ' +
        'handleStorageSource, translateUnitDependencies',
      'podman-systemd.unit(5) (podman 5.4, 5.8)',
    ],
  },
  appliesTo: (doc) => doc.kind === 'quadlet' && !doc.dropIn,
  check(ctx) {
    const g = new GeneratorView(ctx);
    const refs = quadletReferences(g);
    if (!refs.length) return [];
    const files = g.quadletFiles();
    if (!files) return [];
    const out: UnitFileRuleReport[] = [];
    for (const r of refs) {
      if (files.has(r.name)) continue;
      out.push({
        range: r.entry.range,
        message:
          `${r.entry.key}= names ${r.name}, and there is no such Quadlet file beside this one: ` +
          'the Quadlet generator refuses the file and makes no service.',
      });
    }
    return out;
  },
};
