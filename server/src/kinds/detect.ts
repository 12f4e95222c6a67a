/**
 * The one place that knows which kind of file a path and a text are: the CLI, the folder walk and
 * the language server all ask `detectKind` (or `documentKind` for an editor's language id). It
 * names no kind: it asks each descriptor of the registry (./registry.ts) in turn, by name, by
 * content and by language id.
 *
 * A name can be certain (`Dockerfile`, `compose.yaml`, `web.service`) or only a hint
 * (`Dockerfile.fedora`, `stack.yml`, `app.volume`): hints are confirmed by the content. Files with
 * no hint at all are tried by content as the kinds that allow it (`build/ci`, a Dockerfile by any name).
 */
import type { KindDescriptor } from './kindDescriptor';
import { KINDS, LINTED_KINDS, type LintKind } from './registry';

export { KINDS, LINT_KINDS, type LintKind } from './registry';

export type Detection =
  | {
      lint: LintKind;
      /** The path the file is judged as (`x.service.in` → `x.service`). */ lintPath: string;
      why: string;
    }
  /** `kind`: the recognised kind that is skipped (a Kubernetes manifest); absent for unknown files. */
  | { skip: string; kind?: string };

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const slashes = (path: string) => path.replace(/\\/g, '/');

function found(e: KindDescriptor, path: string, why: string): Detection {
  if (e.skipReason) return { skip: e.skipReason, kind: e.name };
  return { lint: e.name, lintPath: e.lintPath ? e.lintPath(path) : path, why };
}

/**
 * The kind of a file from its path and, where the name is only a hint or says nothing, its text.
 * Without a text only certain names are judged (what a folder walk may pick up unread).
 */
export function detectKind(path: string, text?: string): Detection {
  const p = slashes(path);
  const hintedBy: KindDescriptor[] = [];
  for (const e of KINDS) {
    const name = e.byName(p);
    // "named like a dockerfile", "a compose", "a devcontainer.json": the name where the label only capitalises it.
    const named = e.label.toLowerCase() === e.name ? e.name : e.label;
    if (name === 'certain') return found(e, p, `named like a ${named}`);
    if (name !== 'hint') continue;
    hintedBy.push(e);
    // Any YAML name hints at compose and Kubernetes alike: there the content alone decides.
    const why = e.languageIds.includes('yaml') ? `${e.name} by content` : `${e.name} by name and content`;
    if (text !== undefined && e.byContent(text, p)) return found(e, p, why);
  }
  if (text === undefined)
    return { skip: hintedBy.length > 0 ? 'needs its content read' : 'not a file kind this linter knows' };
  // No name for it: the kinds judged by content alone (YAML, JSON and INI names are not tried).
  if (hintedBy.length === 0 && !/\.(ya?ml|json|md|txt|rst)$/i.test(p)) {
    const byContent = KINDS.find((e) => e.triedWithoutName && e.byContent(text, p));
    if (byContent) return found(byContent, p, `${byContent.name} by content`);
  }
  const mismatch = hintedBy.find((e) => e.hintWithoutContent)?.hintWithoutContent;
  if (mismatch) return { skip: mismatch };
  const labels = LINTED_KINDS.map((e) => e.label).join(', ');
  return { skip: `not a file kind this linter knows (${labels})` };
}

/** Whether a walk should read a file to decide (its name is a hint, or it has no extension the walk can rule out). */
export function worthReading(path: string): boolean {
  const p = slashes(path);
  if (KINDS.some((e) => e.byName(p))) return true;
  // Extension-less files and *.docker may be Dockerfiles by content; everything else with an extension is not read.
  return !/\.[^/.]+$/.test(base(p)) || /\.docker$/i.test(p);
}

/**
 * Which linter an editor document gets, from its language id, path and text: first a kind that
 * claims the language (a Dockerfile document; a systemd-unit document by its path), else the
 * kinds serving the language by name or content (VS Code sees compose files as YAML,
 * devcontainer.json as JSON).
 */
export function documentKind(languageId: string, path: string | undefined, text: string): LintKind | undefined {
  const claimed = LINTED_KINDS.find((e) => e.byLanguage?.(languageId, path, text));
  if (claimed) return claimed.name;
  const candidates = KINDS.filter((e) => e.languageIds.includes(languageId));
  if (candidates.length === 0) return undefined;
  const p = path ? slashes(path) : languageId === 'yaml' ? 'untitled.yaml' : '';
  for (const e of candidates) {
    const name = e.byName(p);
    if (name === 'certain' || (name === 'hint' && e.byContent(text, p))) return e.skipReason ? undefined : e.name;
  }
  return undefined;
}

/**
 * The kind of standard input read without --stdin-filename: each kind's probe name in registry
 * order (a compose file, then a unit, by content), else the fallback kind (a Dockerfile).
 */
export function standardInputKind(text: string): Detection {
  for (const e of KINDS) {
    if (!e.standardInput || (e.standardInput.applies && !e.standardInput.applies(text))) continue;
    const detected = detectKind(e.standardInput.probe, text);
    if ('lint' in detected) return { ...detected, lintPath: '-' };
    if (detected.kind) return detected;
  }
  const fallback = LINTED_KINDS.find((e) => e.standardInputFallback)!;
  return { lint: fallback.name, lintPath: '-', why: 'standard input' };
}
