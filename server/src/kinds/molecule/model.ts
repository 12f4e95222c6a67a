/**
 * Molecule scenarios (molecule/<scenario>/molecule.yml) read with the `yaml` library: each entry of
 * `platforms:` of the docker or podman driver becomes a RunSpec, the way molecule-plugins' create
 * playbooks hand it to community.docker.docker_container / containers.podman.podman_container:
 * `command` (absent: Molecule's own `bash -c "while true; do sleep 10000; done"` unless
 * `override_command: false`; `""`: the image's CMD), `image`, `privileged`, `volumes`, `tmpfs`,
 * `cgroupns_mode` (docker), `env`, `stop_signal` (docker), `network_mode`, `systemd` (podman).
 * `${VAR:-default}` is read with its default, as Molecule's interpolation does.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { LineIndex } from '../../../../shared/text';
import type { Range } from '../../core/types';
import { parseTmpfsFlag, parseVolumeFlag } from '../../runspec/commandLine';
import { emptySpec, type Located, type RunSpec } from '../../../../shared/runSpec';
import { interpolate, splitCommand } from '../compose/model';

/** What molecule-plugins' create playbooks run when a platform has no `command`. */
export const MOLECULE_DEFAULT_COMMAND = ['bash', '-c', 'while true; do sleep 10000; done'];

export interface MoleculePlatform {
  name: string;
  /** The `- name:` line's range (findings without a setting of their own point here). */
  anchor: Range;
  map: YAMLMap;
  /** The platform's pairs by key. */
  own: Map<string, Pair>;
  spec: RunSpec;
  /** No `command` and `override_command` not false: Molecule's sleep loop is PID 1. */
  defaultCommand: boolean;
}

export interface MoleculeScenario {
  text: string;
  lines: LineIndex;
  doc: Document;
  /** `driver: name:`; `docker` when unset (Molecule's default driver). */
  driver: string;
  platforms: MoleculePlatform[];
}

/** Molecule drivers whose platforms are containers, and the engine each drives. */
const CONTAINER_DRIVERS: Record<string, 'docker' | 'podman'> = { docker: 'docker', podman: 'podman' };

export function parseMolecule(text: string): MoleculeScenario {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const toRange = (r: readonly number[] | null | undefined): Range =>
    r
      ? { start: lines.positionAt(r[0]), end: lines.positionAt(r[1]) }
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const scenario: MoleculeScenario = { text, lines, doc, driver: 'docker', platforms: [] };
  const root = doc.contents;
  if (!isMap(root)) return scenario;
  const driver = root.get('driver');
  const driverName = isMap(driver) ? driver.get('name') : undefined;
  if (typeof driverName === 'string') scenario.driver = driverName;
  const engine = CONTAINER_DRIVERS[scenario.driver];
  const platforms = root.get('platforms');
  if (!engine || !isSeq(platforms)) return scenario;
  for (const item of platforms.items) {
    if (!isMap(item)) continue;
    scenario.platforms.push(readPlatform(item, engine, toRange));
  }
  return scenario;
}

function readPlatform(
  map: YAMLMap,
  engine: 'docker' | 'podman',
  toRange: (r: readonly number[] | null | undefined) => Range,
): MoleculePlatform {
  const own = new Map<string, Pair>();
  for (const p of map.items) if (isPair(p) && isScalar(p.key)) own.set(String(p.key.value), p as Pair);
  const nameNode = own.get('name')?.value;
  const name = isScalar(nameNode) ? String(nameNode.value) : '(unnamed)';
  const anchor = toRange((own.get('name')?.key as Node | undefined)?.range ?? map.range);
  const spec = emptySpec(engine, engine, anchor);
  const scalar = (key: string): Located<string> | undefined => {
    const v = own.get(key)?.value;
    if (!isScalar(v) || v.value === null || v.value === undefined) return undefined;
    const { value, dynamic } = interpolate(String(v.value));
    return { value, range: toRange(v.range), dynamic: dynamic || undefined };
  };
  const list = (key: string): Located<string>[] => {
    const v = own.get(key)?.value;
    if (!isSeq(v)) return [];
    return (v as YAMLSeq).items.filter(isScalar).map((i) => {
      const { value, dynamic } = interpolate(String(i.value));
      return { value, range: toRange(i.range), dynamic: dynamic || undefined };
    });
  };
  const flag = (key: string): Located<boolean> | undefined => {
    const v = scalar(key);
    return v && { value: /^(true|yes|on)$/i.test(v.value), range: v.range };
  };

  const image = scalar('image');
  if (image) spec.image = image;
  const command = scalar('command');
  const overrideCommand = flag('override_command');
  const defaultCommand = !own.has('command') && overrideCommand?.value !== false;
  // Molecule interpolates before YAML is read: `${MOLECULE_DOCKER_COMMAND:-""}` is an empty command.
  if (command && !/^\s*(""|'')?\s*$/.test(command.value)) {
    spec.command = { value: splitCommand(command.value), range: command.range, dynamic: command.dynamic };
  } else if (defaultCommand) {
    spec.command = { value: MOLECULE_DEFAULT_COMMAND, range: anchor };
  }
  spec.privileged = flag('privileged');
  for (const v of list('volumes')) spec.mounts.push(parseVolumeFlag(v.value, v.range, 'volume-flag', v.dynamic));
  for (const t of list('tmpfs')) spec.mounts.push(parseTmpfsFlag(t.value, t.range, 'tmpfs-flag', t.dynamic));
  // docker_container's `mounts` are mappings (type, source, target); Molecule passes them through unread here.
  if (own.has('mounts')) spec.incomplete = true;
  const cgroupns = engine === 'docker' ? scalar('cgroupns_mode') : undefined;
  if (cgroupns) spec.cgroupns = cgroupns;
  const stopSignal = engine === 'docker' ? scalar('stop_signal') : undefined;
  if (stopSignal) spec.stopSignal = stopSignal;
  const network = scalar('network_mode') ?? (engine === 'podman' ? scalar('network') : undefined);
  if (network) spec.network = network;
  const systemd = engine === 'podman' ? scalar('systemd') : undefined;
  if (systemd) spec.systemd = { ...systemd, value: systemd.value.toLowerCase() };
  const env = own.get('env')?.value;
  if (isMap(env)) {
    for (const p of env.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const value = isScalar(p.value) && p.value.value !== null ? interpolate(String(p.value.value)) : undefined;
      spec.env.push({
        name: String(p.key.value),
        value: value?.value,
        range: toRange((p.key as Node).range),
        dynamic: value?.dynamic || undefined,
      });
    }
  }
  return { name, anchor, map, own, spec, defaultCommand };
}
