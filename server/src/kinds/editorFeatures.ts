/**
 * What the editor offers beyond diagnostics and quick fixes: completion, hover, folding, code
 * lenses and extra code actions. A kind's registry entry names its set (./registry.ts); the
 * language server asks `editorFeatures(languageId)` and names no kind. Today the unit-like kinds
 * have them (kinds/unit/familyKind.ts, from kinds/unit/editor.ts and security/editor.ts).
 */
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  FoldingRange,
  Hover,
  Position,
  Range,
} from 'vscode-languageserver-types';
import type { LintConfig } from '../core/config';
import type { ResolvedTargets } from './unit/target';

export interface KindHover {
  hover: Hover | null;
  withFindings: boolean;
}

export interface EditorFeatures {
  /** The path features classify an anonymous (untitled) document by. */
  untitledPath: string;
  /**
   * `knownNames`: names of files of the workspace the completion may offer (web.service …);
   * `targets`: the releases the document is judged for (the keys offered are theirs).
   */
  completion(
    path: string,
    text: string,
    position: Position,
    knownNames: readonly string[],
    targets: ResolvedTargets,
  ): CompletionItem[];
  /** The names completion offers, from workspace paths. */
  namesAmong(paths: readonly string[]): string[];
  /**
   * The kind's own hover and whether the explanations of findings there go above it (else it
   * stands alone); `targets`, the releases the document is judged for, are asked only if needed.
   */
  hover(path: string, text: string, position: Position, targets: () => Promise<ResolvedTargets>): Promise<KindHover>;
  folding(text: string): FoldingRange[];
  codeLenses(path: string, text: string): CodeLens[];
  /** Quick fixes beyond the findings' own (e.g. hardening a unit's [Service]). */
  extraQuickFixes(uri: string, path: string, text: string, range: Range, config: LintConfig | undefined): CodeAction[];
  /** Whether the status bar shows the releases a document is judged for. */
  judgedForReleases: true;
}
