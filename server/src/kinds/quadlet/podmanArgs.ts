/**
 * Reading a Quadlet .container the way the generator does: PodmanArgs= split into podman run
 * options (with where each word is written), Volume= and Mount= sources, the rootless signs.
 */
import type { UnitFileContext } from '../unit/ruleContext';
import { splitQuoted, type UnitEntry } from '../unit/unitFile';

export interface ArgWord {
  value: string;
  entry: UnitEntry;
  /** Offsets in the entry's value. */
  start: number;
  end: number;
}

export interface PodmanOption {
  /** `--privileged`, `-v`, `--init-path` (without `=value`). */
  name: string;
  value?: string;
  /** The words the option occupies (one for `--x=v`, two for `--x v`). */
  words: ArgWord[];
}

/** podman run options that take no value (so the next word is not theirs). */
const BOOLEAN_OPTIONS = new Set([
  '--privileged',
  '--rm',
  '--replace',
  '-d',
  '--detach',
  '--init',
  '-i',
  '--interactive',
  '-t',
  '--tty',
  '--read-only',
  '--read-only-tmpfs',
  '--no-hosts',
  '--env-host',
  '--http-proxy',
  '--sig-proxy',
  '--rmi',
  '--no-healthcheck',
  '--oom-kill-disable',
  '--passwd',
  '-P',
  '--publish-all',
  '-q',
  '--quiet',
  '--tls-verify',
  '--help',
  '-it',
  '-ti',
]);

export function podmanArgWords(ctx: UnitFileContext, section = 'Container'): ArgWord[] {
  const out: ArgWord[] = [];
  for (const entry of ctx.list(section, 'PodmanArgs')) {
    for (const w of splitQuoted(entry.value)) out.push({ value: w.value, entry, start: w.start, end: w.end });
  }
  return out;
}

/** podmanOptions and mounts of [Container], per context: four rules read the options, two the mounts. */
const containerOptions = new WeakMap<UnitFileContext, readonly PodmanOption[]>();
const containerMounts = new WeakMap<UnitFileContext, readonly PodmanMount[]>();

/** The options of PodmanArgs=, in order (positional words are skipped). */
export function podmanOptions(ctx: UnitFileContext, section = 'Container'): readonly PodmanOption[] {
  if (section !== 'Container') return readOptions(ctx, section);
  let options = containerOptions.get(ctx);
  if (!options) containerOptions.set(ctx, (options = readOptions(ctx, section)));
  return options;
}

function readOptions(ctx: UnitFileContext, section: string): PodmanOption[] {
  const words = podmanArgWords(ctx, section);
  const out: PodmanOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.value.startsWith('-')) continue;
    const eq = w.value.indexOf('=');
    if (eq > 0) {
      out.push({ name: w.value.slice(0, eq), value: w.value.slice(eq + 1), words: [w] });
      continue;
    }
    const next = words[i + 1];
    if (!BOOLEAN_OPTIONS.has(w.value) && next && !next.value.startsWith('-')) {
      out.push({ name: w.value, value: next.value, words: [w, next] });
      i++;
      continue;
    }
    out.push({ name: w.value, words: [w] });
  }
  return out;
}

/** Whether a boolean option is on: `--x`, `--x=true`. */
export function optionOn(o: PodmanOption): boolean {
  return o.value === undefined || /^(true|1|yes)$/i.test(o.value);
}

/** A volume or bind mount, from Volume=, Mount= or PodmanArgs -v/--volume/--mount. */
export interface PodmanMount {
  source: string;
  destination?: string;
  entry: UnitEntry;
  /** Where to point a finding: the entry, or the option words. */
  words?: ArgWord[];
}

function volumeSpec(value: string): { source: string; destination?: string } {
  const parts = value.split(':');
  return { source: parts[0], destination: parts[1] };
}

function mountSpec(value: string): { source: string; destination?: string; type?: string } | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const source = fields.get('source') ?? fields.get('src');
  if (source === undefined) return undefined;
  return {
    source,
    destination: fields.get('destination') ?? fields.get('dst') ?? fields.get('target'),
    type: fields.get('type'),
  };
}

export function mounts(ctx: UnitFileContext): readonly PodmanMount[] {
  let found = containerMounts.get(ctx);
  if (!found) containerMounts.set(ctx, (found = readMounts(ctx)));
  return found;
}

function readMounts(ctx: UnitFileContext): PodmanMount[] {
  const out: PodmanMount[] = [];
  for (const entry of ctx.list('Container', 'Volume')) {
    const v = volumeSpec(entry.value);
    out.push({ source: v.source, destination: v.destination, entry });
  }
  for (const entry of ctx.list('Container', 'Mount')) {
    const m = mountSpec(entry.value);
    if (m && (m.type === undefined || m.type === 'bind'))
      out.push({ source: m.source, destination: m.destination, entry });
  }
  for (const o of podmanOptions(ctx)) {
    if (o.value === undefined) continue;
    if (o.name === '-v' || o.name === '--volume') {
      const v = volumeSpec(o.value);
      out.push({ source: v.source, destination: v.destination, entry: o.words[0].entry, words: o.words });
    }
    if (o.name === '--mount') {
      const m = mountSpec(o.value);
      if (m && (m.type === undefined || m.type === 'bind'))
        out.push({ source: m.source, destination: m.destination, entry: o.words[0].entry, words: o.words });
    }
  }
  return out;
}

/** The Quadlet search paths for rootless units (podman-systemd.unit(5), "Podman rootless unit search path"). */
export function rootlessByPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return (
    /\/\.config\/containers\/systemd\//.test(p) ||
    /\/etc\/containers\/systemd\/users\//.test(p) ||
    /^\/run\/user\/\d+\/containers\/systemd\//.test(p)
  );
}

const USER_PATHS = /\/run\/user\/%U\b|%h\/\.config\b|%h\/\.local\b/;

/** Paths only a user manager resolves sensibly: /run/user/%U, %h/.config … */
export function rootlessHints(ctx: UnitFileContext): UnitEntry[] {
  return ctx.unit.entries.filter((e) => USER_PATHS.test(e.value));
}
