/**
 * devcontainer.json (JSON with comments, trailing commas) → a RunSpec with ranges: `image`,
 * `build.dockerfile` (or the older `dockerFile`), `runArgs` (parsed as `docker run` options),
 * `overrideCommand`, `init`, `privileged`, `capAdd`, `securityOpt`, `mounts` (strings or objects),
 * `workspaceMount` and `containerEnv`. A devcontainer that points at a compose file
 * (`dockerComposeFile`) is described by that file, so its spec is marked incomplete.
 */
import { nodeAt, parseJsonc, propertyOf, type JsonError, type JsonNode } from './jsonc';
import { LineIndex } from '../../../../shared/text';
import type { Range } from '../../core/types';
import { DOCKER_FLAGS } from '../../runspec/flagTable';
import { applyRunOptions, parseMountFlag, parseOptions, type Arg } from '../../runspec/commandLine';
import { emptySpec, type Located, type RunSpec } from '../../../../shared/runSpec';

export interface DevcontainerFile {
  text: string;
  lines: LineIndex;
  root?: JsonNode;
  spec: RunSpec;
  /** `overrideCommand` as written; undefined when absent (the default, true for image/Dockerfile devcontainers). */
  overrideCommand?: Located<boolean>;
  /** Uses `dockerComposeFile`: the container is described by the compose file. */
  composeBased: boolean;
  /** Where "this devcontainer …" findings point: the image/build property, else the opening brace. */
  anchor: Range;
  errors: JsonError[];
}

export function parseDevcontainer(text: string): DevcontainerFile {
  const lines = new LineIndex(text);
  const errors: JsonError[] = [];
  const root = parseJsonc(text, errors);
  const rangeOf = (n: JsonNode): Range => ({
    start: lines.positionAt(n.offset),
    end: lines.positionAt(n.offset + n.length),
  });
  const start: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const spec = emptySpec('devcontainer', 'unknown', root ? rangeOf(root) : start);
  const file: DevcontainerFile = {
    text,
    lines,
    root,
    spec,
    composeBased: false,
    anchor: root
      ? {
          start: rangeOf(root).start,
          end: { line: rangeOf(root).start.line, character: rangeOf(root).start.character + 1 },
        }
      : start,
    errors,
  };
  if (!root || root.type !== 'object') return file;

  const at = (...p: (string | number)[]) => nodeAt(root, p);
  const str = (n: JsonNode | undefined) => (n && n.type === 'string' ? (n.value as string) : undefined);
  const keyRange = (name: string): Range | undefined => {
    const prop = propertyOf(root, name);
    return prop?.children?.[0] ? rangeOf(prop.children[0]) : undefined;
  };

  if (at('dockerComposeFile')) {
    file.composeBased = true;
    spec.incomplete = true;
  }
  const image = at('image');
  if (str(image) !== undefined) spec.image = { value: str(image)!, range: rangeOf(image!) };
  const dockerfile = str(at('build', 'dockerfile')) ?? str(at('dockerFile'));
  if (dockerfile !== undefined) {
    // The Dockerfile path is relative to devcontainer.json (not to the build context).
    const node = at('build', 'dockerfile') ?? at('dockerFile');
    spec.build = { context: '.', dockerfile, range: rangeOf(node!) };
    const target = str(at('build', 'target'));
    if (target) spec.build.target = target;
  }
  file.anchor = keyRange('image') ?? keyRange('build') ?? keyRange('dockerFile') ?? file.anchor;

  const override = at('overrideCommand');
  if (override && override.type === 'boolean')
    file.overrideCommand = { value: override.value as boolean, range: rangeOf(override) };

  // runArgs: each string is one argument of `docker run`.
  const runArgs = at('runArgs');
  if (runArgs?.type === 'array') {
    const args: Arg[] = (runArgs.children ?? [])
      .filter((c) => c.type === 'string')
      .map((c) => ({ value: c.value as string, range: rangeOf(c) }));
    const parsed = parseOptions(args, DOCKER_FLAGS.run, true);
    applyRunOptions(spec, parsed);
    // Arguments after the options would be the image: devcontainers do not take them.
  }
  const bool = (name: string): Located<boolean> | undefined => {
    const n = at(name);
    return n && n.type === 'boolean' ? { value: n.value as boolean, range: rangeOf(n) } : undefined;
  };
  const privileged = bool('privileged');
  if (privileged) spec.privileged = privileged;
  const init = bool('init');
  if (init) spec.init = init;
  for (const [name, list] of [
    ['capAdd', spec.capAdd],
    ['securityOpt', spec.securityOpt],
  ] as const) {
    for (const c of at(name)?.children ?? [])
      if (c.type === 'string') list.push({ value: c.value as string, range: rangeOf(c) });
  }
  const mounts = at('mounts');
  for (const m of mounts?.type === 'array' ? (mounts.children ?? []) : []) {
    if (m.type === 'string') spec.mounts.push(parseMountFlag(m.value as string, rangeOf(m), 'devcontainer-mount'));
    else if (m.type === 'object') {
      const o = (k: string) => str(nodeAt(m, [k]));
      const csv = [
        `type=${o('type') ?? 'bind'}`,
        o('source') !== undefined ? `source=${o('source')}` : '',
        `target=${o('target') ?? ''}`,
      ]
        .filter(Boolean)
        .join(',');
      spec.mounts.push(parseMountFlag(csv, rangeOf(m), 'devcontainer-mount'));
    }
  }
  const workspaceMount = str(at('workspaceMount'));
  if (workspaceMount)
    spec.mounts.push(parseMountFlag(workspaceMount, rangeOf(at('workspaceMount')!), 'devcontainer-mount'));
  const env = at('containerEnv');
  for (const p of env?.type === 'object' ? (env.children ?? []) : []) {
    const [k, v] = p.children ?? [];
    if (k?.type === 'string')
      spec.env.push({
        name: k.value as string,
        value: v?.type === 'string' ? (v.value as string) : v ? String(v.value) : undefined,
        range: rangeOf(p),
      });
  }
  return file;
}
