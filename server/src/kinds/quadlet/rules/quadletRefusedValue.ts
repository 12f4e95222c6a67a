import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import type { UnitEntry } from '../../unit/unitFile';
import { atLeast, GeneratorView, words } from '../generator';

/** The generator's port check (validPortRange, not anchored at the start: it tests the end). */
const PORT_RANGE = /\d+(-\d+)?(\/udp|\/tcp)?$/;

function report(entry: UnitEntry, message: string): UnitFileRuleReport {
  return { range: entry.range, message: `${message}: the Quadlet generator refuses the file and makes no service.` };
}

function later(a: UnitEntry, b: UnitEntry): UnitEntry {
  return a.firstLine > b.firstLine ? a : b;
}

/**
 * `[Container]`: Image= with Rootfs=, ExposeHostPort=, Group= without User=, ReloadCmd= with
 * ReloadSignal=, Pod= and Mount= values.
 */
function container(g: GeneratorView, out: UnitFileRuleReport[]): void {
  const image = g.set('Image');
  const rootfs = g.set('Rootfs');
  if (image && rootfs) out.push(report(later(image, rootfs), 'Image= and Rootfs= exclude each other'));
  for (const e of g.all('ExposeHostPort')) {
    if (!PORT_RANGE.test(e.value.trim()))
      out.push(report(e, `ExposeHostPort=${e.value} is not a port or port range (PORT[-PORT][/tcp|/udp])`));
  }
  const group = g.set('Group');
  if (group && !g.set('User')) out.push(report(group, 'Group= is set without User='));
  if (atLeast(g.release, '5.8')) {
    const cmd = g.set('ReloadCmd');
    const signal = g.set('ReloadSignal');
    if (cmd && signal) out.push(report(later(cmd, signal), 'ReloadCmd= and ReloadSignal= exclude each other'));
  }
  const pod = g.set('Pod');
  if (pod && !pod.value.trim().endsWith('.pod'))
    out.push(
      report(
        pod,
        `Pod=${pod.value} does not name a Quadlet .pod file (a pod made outside Quadlet cannot be joined this way)`,
      ),
    );
  mounts(g, out);
}

/** `Mount=` of the kinds whose source the generator resolves must give one. */
function mounts(g: GeneratorView, out: UnitFileRuleReport[]): void {
  const resolved = ['volume', 'bind', 'glob', 'image', ...(atLeast(g.release, '5.8') ? ['artifact'] : [])];
  for (const e of g.all('Mount'))
    for (const word of words(e.value)) {
      const m = parseMount(word);
      if (!m || !resolved.includes(m.type)) continue;
      if (m.sourceWithoutValue) out.push(report(e, 'Mount= has a source parameter without a value'));
      else if (m.source === '') out.push(report(e, `Mount= of type ${m.type} has no source`));
    }
}

/** A Mount= value as the generator reads it (CSV tokens; type= first, else "volume"). */
export function parseMount(value: string): { type: string; source: string; sourceWithoutValue: boolean } | undefined {
  const tokens: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      tokens.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) return undefined; // the CSV reader fails: not a refusal we predict
  tokens.push(cur);
  let type: string | undefined;
  let source = '';
  let sourceWithoutValue = false;
  for (const t of tokens) {
    const kv = t.split('=');
    if (type === undefined && kv.length === 2 && kv[0] === 'type') {
      type = kv[1];
      continue;
    }
    const eq = t.indexOf('=');
    const key = eq < 0 ? t : t.slice(0, eq);
    if (key === 'source' || key === 'src') {
      if (eq < 0) sourceWithoutValue = true;
      else source = t.slice(eq + 1);
    }
  }
  return { type: type ?? 'volume', source, sourceWithoutValue };
}

/** `Network=x.container:options`: joining another container's network takes no options. */
function networks(g: GeneratorView, out: UnitFileRuleReport[]): void {
  for (const e of g.all('Network')) {
    const v = e.value;
    const colon = v.indexOf(':');
    if (colon >= 0 && v.slice(0, colon).endsWith('.container'))
      out.push(report(e, `Network=${v}: options are not supported when joining another container's network`));
  }
}

/** UserNS=/UIDMap=/GIDMap=/SubUIDMap=/SubGIDMap= against the deprecated Remap keys (handleUserMappings). */
function userMappings(g: GeneratorView, out: UnitFileRuleReport[], supportManual: boolean): void {
  const explicit = [
    g.set('UserNS'),
    ...g.all('UIDMap').filter((e) => words(e.value).length),
    ...g.all('GIDMap').filter((e) => words(e.value).length),
    g.set('SubUIDMap'),
    g.set('SubGIDMap'),
  ].filter((e): e is UnitEntry => !!e);
  const remapUsers = g.last('RemapUsers');
  if (explicit.length) {
    const remap = [g.last('RemapUid'), g.last('RemapGid'), remapUsers].filter((e): e is UnitEntry => !!e);
    for (const e of remap) out.push(report(e, `${e.key}= (deprecated) is set together with ${explicit[0].key}=`));
    return;
  }
  const uid = g.all('RemapUid').flatMap((e) => words(e.value).map(() => e));
  const gid = g.all('RemapGid').flatMap((e) => words(e.value).map(() => e));
  const mode = remapUsers ? (words(remapUsers.value).pop() ?? '') : '';
  if (mode === '') {
    if (uid.length) out.push(report(uid[0], 'RemapUid= is set without RemapUsers='));
    else if (gid.length) out.push(report(gid[0], 'RemapGid= is set without RemapUsers='));
  } else if (mode === 'manual') {
    if (!supportManual) out.push(report(remapUsers!, 'RemapUsers=manual is not supported in a .kube file'));
  } else if (mode === 'keep-id') {
    if (uid.length > 1) out.push(report(uid[1], 'RemapUsers=keep-id takes a single RemapUid= value'));
    if (gid.length > 1) out.push(report(gid[1], 'RemapUsers=keep-id takes a single RemapGid= value'));
  } else if (mode !== 'auto') {
    out.push(report(remapUsers!, `RemapUsers=${mode} is not one of manual, auto, keep-id`));
  }
}

/** SetWorkingDirectory= (handleSetWorkingDirectory) in .kube and .build files. */
function setWorkingDirectory(g: GeneratorView, out: UnitFileRuleReport[]): void {
  const swd = g.set('SetWorkingDirectory');
  if (!swd) return;
  const v = swd.value.trim();
  switch (v.toLowerCase()) {
    case 'yaml':
      if (g.group !== 'Kube') out.push(report(swd, `SetWorkingDirectory=${v} is only supported in .kube files`));
      else if (atLeast(g.release, '5.8') && g.all('Yaml').flatMap((e) => words(e.value)).length > 1)
        out.push(report(swd, 'SetWorkingDirectory=yaml needs a single Yaml= file'));
      break;
    case 'file':
      if (g.group !== 'Build') out.push(report(swd, `SetWorkingDirectory=${v} is only supported in .build files`));
      else if (!g.last('File')) out.push(report(swd, 'SetWorkingDirectory=file needs File='));
      break;
    case 'unit':
      break;
    default:
      if (g.group !== 'Build')
        out.push(
          report(swd, `SetWorkingDirectory=${v} is not yaml or unit (a path or URL is only supported in .build files)`),
        );
  }
}

/** The generator's isURL (its regex: http or https at the start, git://, or github.com/ anywhere). */
function isURL(value: string): boolean {
  return /^((https?)|(git):\/\/)|(github\.com\/).+$/.test(value);
}

/** A relative File= needs a working directory (SetWorkingDirectory= or [Service] WorkingDirectory=). */
function buildFile(g: GeneratorView, out: UnitFileRuleReport[]): void {
  const file = g.set('File');
  if (!file || g.set('SetWorkingDirectory') || g.set('WorkingDirectory', 'Service')) return;
  const v = file.value.trim();
  const specifier = v.startsWith('%') && !v.startsWith('%%');
  if (!specifier && !v.startsWith('/') && !isURL(v))
    out.push(report(file, `File=${v} is relative: it needs SetWorkingDirectory= (or WorkingDirectory= in [Service])`));
}

/** `[Network]`: each Gateway= and IPRange= belongs to a Subnet=. */
function network(g: GeneratorView, out: UnitFileRuleReport[]): void {
  const subnets = g.all('Subnet');
  const gateways = g.all('Gateway');
  const ranges = g.all('IPRange');
  if (subnets.length) {
    if (gateways.length > subnets.length)
      out.push(report(gateways[subnets.length], 'More Gateway= than Subnet= lines'));
    if (ranges.length > subnets.length) out.push(report(ranges[subnets.length], 'More IPRange= than Subnet= lines'));
  } else {
    for (const e of [...gateways, ...ranges].slice(0, 1)) out.push(report(e, `${e.key}= needs a Subnet=`));
  }
}

/** `[Volume]` Type= and Options= are mount options of a Device=. */
function volume(g: GeneratorView, out: UnitFileRuleReport[]): void {
  if (g.last('Driver')?.value === 'image') return;
  if (g.set('Device')) return;
  for (const key of ['Type', 'Options']) {
    const e = g.set(key);
    if (e) out.push(report(e, `${key}= can't be used without Device=`));
  }
}

export const quadletRefusedValue: UnitFileRule = {
  meta: {
    id: 'SCT508',
    name: 'quadlet-refused-value',
    kind: 'quadlet',
    defaultSeverity: 'error',
    summary: 'a value or combination of keys the Quadlet generator refuses',
    explanation:
      'Besides unknown keys (unknown-key) and missing ones (missing-required-key), the Quadlet ' +
      'generator refuses a file for values and combinations its own code checks ' +
      '(pkg/systemd/quadlet/quadlet.go of Podman 5.4 and 5.8); it then logs "converting …" with the ' +
      'reason and makes no service, so `systemctl start` says the unit is not found. Reported on the ' +
      'line that causes it: `Image=` with `Rootfs=`; an `ExposeHostPort=` that does not end in a ' +
      'port or range; `Group=` without `User=`; `ReloadCmd=` with `ReloadSignal=` (5.8); `Pod=` ' +
      'naming something other than a `.pod` file; a `Mount=` of type volume, bind, glob or image ' +
      'without a source; `Network=x.container:options`; the deprecated ' +
      '`RemapUsers=`/`RemapUid=`/`RemapGid=` together with ' +
      '`UserNS=`/`UIDMap=`/`GIDMap=`/`SubUIDMap=`/`SubGIDMap=`, `RemapUid=` without `RemapUsers=`, ' +
      '`RemapUsers=manual` in a `.kube`, more than one `RemapUid=` with `keep-id`, an unknown ' +
      '`RemapUsers=` mode; `SetWorkingDirectory=` values other than `yaml` (.kube), `file` (.build, ' +
      'with `File=`), `unit` or a path/URL (.build); a relative `File=` in a `.build` without a ' +
      'working directory; more `Gateway=` or `IPRange=` than `Subnet=` (or any without a subnet) in ' +
      'a `.network`; `Type=` or `Options=` without `Device=` in a `.volume`. Each check was compared ' +
      'with the real `quadlet -dryrun` of Podman 5.4 (Debian trixie) and 5.8 (Debian sid) on ' +
      "Podman's own test files and on seeded mutations of them (scripts/quadlet/differential.ts).",
    sources: [
      'podman pkg/systemd/quadlet/quadlet.go (v5.4.2, v5.8.2): ConvertContainer, ConvertKube, ConvertBuild, ' +
        'ConvertNetwork, ConvertVolume, handleUserMappings, handleSetWorkingDirectory',
      'podman-systemd.unit(5) (podman 5.4, 5.8)',
    ],
  },
  appliesTo: (doc) => doc.kind === 'quadlet' && !doc.dropIn,
  check(ctx) {
    const g = new GeneratorView(ctx);
    const out: UnitFileRuleReport[] = [];
    switch (g.group) {
      case 'Container':
        container(g, out);
        networks(g, out);
        userMappings(g, out, true);
        break;
      case 'Kube':
        networks(g, out);
        userMappings(g, out, false);
        setWorkingDirectory(g, out);
        break;
      case 'Pod':
        networks(g, out);
        userMappings(g, out, true);
        break;
      case 'Build':
        networks(g, out);
        setWorkingDirectory(g, out);
        buildFile(g, out);
        break;
      case 'Network':
        network(g, out);
        break;
      case 'Volume':
        volume(g, out);
        break;
    }
    return out;
  },
};
