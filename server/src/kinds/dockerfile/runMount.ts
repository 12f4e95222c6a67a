/**
 * What BuildKit refuses in a `RUN --mount=` value before it builds: its parseMount and validateMount
 * (moby/buildkit frontend/dockerfile/instructions/commands_runmount.go) read field by field, in order, as at
 * dispatch. A value holding a variable is expanded only then, so it is not judged here.
 */
import { goBool, goRamInBytes, goUint32 } from './goParse';

const MOUNT_TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const SHARING_MODES = new Set(['shared', 'private', 'locked']);
const VALUE_KEYS = new Set([
  'type',
  'from',
  'source',
  'src',
  'target',
  'dst',
  'destination',
  'readonly',
  'ro',
  'readwrite',
  'rw',
  'required',
  'id',
  'sharing',
  'mode',
  'uid',
  'gid',
  'size',
  'env',
]);

/** Go's csv reader on one line: fields split at commas, double quotes group. */
export function csvFields(value: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') field += value[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

interface MountSeen {
  type: string | null; // null: given by a variable
  set: Set<string>;
}

/** BuildKit's message for the first field it refuses, or undefined. */
export function runMountError(value: string): string | undefined {
  // encoding/csv reads no record from an empty value
  if (value === '') return 'failed to parse csv mounts: EOF';
  const seen: MountSeen = { type: 'bind', set: new Set() };
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const error = eq < 0 ? bareFieldError(key, field, seen) : valueFieldError(key, field.slice(eq + 1), field, seen);
    if (error) return error;
  }
  return seen.type === null ? undefined : validateMount(seen.type, seen.set);
}

function bareFieldError(key: string, field: string, seen: MountSeen): string | undefined {
  if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) return undefined;
  if (key === 'required') return needsSecretOrSsh(key, seen);
  return `invalid field '${field}' must be a key=value pair`;
}

function needsSecretOrSsh(key: string, seen: MountSeen): string | undefined {
  if (seen.type === null || seen.type === 'secret' || seen.type === 'ssh') return undefined;
  return `unexpected key '${key}' for mount type '${seen.type}'`;
}

function valueFieldError(key: string, v: string, field: string, seen: MountSeen): string | undefined {
  if (key === 'from' && /\$./.test(v)) return "'from' doesn't support variable expansion, define alias stage instead";
  if (!VALUE_KEYS.has(key)) return `unexpected key '${key}' in '${field}'`;
  seen.set.add(key);
  if (v.includes('$')) {
    if (key === 'type') seen.type = null;
    return undefined;
  }
  switch (key) {
    case 'type':
      if (!MOUNT_TYPES.has(v.toLowerCase())) return `unsupported mount type ${JSON.stringify(v)}`;
      seen.type = v.toLowerCase();
      return undefined;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw':
      return goBool(v) === undefined ? `invalid value for ${key}: ${v}` : undefined;
    case 'required':
      return needsSecretOrSsh(key, seen) ?? (goBool(v) === undefined ? `invalid value for ${key}: ${v}` : undefined);
    case 'size':
      if (seen.type !== null && seen.type !== 'tmpfs') return `unexpected key '${key}' for mount type '${seen.type}'`;
      return goRamInBytes(v) ? undefined : `invalid value for ${key}: ${v}`;
    case 'sharing':
      return SHARING_MODES.has(v.toLowerCase()) ? undefined : `unsupported sharing value ${JSON.stringify(v)}`;
    case 'mode':
      return goUint32(v, 8) === undefined ? `invalid value ${v} for mode` : undefined;
    case 'uid':
    case 'gid':
      return goUint32(v, 10) === undefined ? `invalid value ${v} for ${key}` : undefined;
    default:
      return undefined;
  }
}

/** validateMount: what each type may and must carry. */
function validateMount(type: string, set: Set<string>): string | undefined {
  if (!['secret', 'ssh', 'cache'].includes(type)) {
    for (const key of ['mode', 'uid', 'gid']) if (set.has(key)) return `${key} not allowed for "${type}" type mounts`;
  }
  if (type === 'secret') {
    if (set.has('from')) return 'secret mount should not have a from';
    if (set.has('sharing')) return 'secret mount should not define sharing';
    const source = set.has('source') || set.has('src');
    const target = set.has('target') || set.has('dst') || set.has('destination');
    const named = source || target || set.has('id') || set.has('env');
    if (!named) return 'invalid secret mount. one of source, target required';
    if (source && set.has('id')) return "both source and id can't be set";
  }
  if (set.has('sharing') && type !== 'cache') return `invalid cache sharing set for ${type} mount`;
  return undefined;
}
