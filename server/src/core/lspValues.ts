/**
 * The few LSP enumeration values the lint core uses (completion items, code action kinds), as the
 * protocol fixes them. Imported from vscode-languageserver-types they would bring the whole
 * library into core.js (27 KB: each namespace there is a function call esbuild cannot drop),
 * which the CLI loads and never needs; the types still come from the library, and
 * test/unit/lspValues.test.ts holds these values equal to its own.
 */
import type * as lsp from 'vscode-languageserver-types';

export const CompletionItemKind = {
  Module: 9,
  Property: 10,
  Value: 12,
  Reference: 18,
  EnumMember: 20,
  Variable: 6,
} as const satisfies Partial<Record<keyof typeof lsp.CompletionItemKind, lsp.CompletionItemKind>>;
export type CompletionItemKind = lsp.CompletionItemKind;

export const CompletionItemTag = { Deprecated: 1 } as const satisfies Partial<
  Record<keyof typeof lsp.CompletionItemTag, lsp.CompletionItemTag>
>;

export const InsertTextFormat = { PlainText: 1 } as const satisfies Partial<
  Record<keyof typeof lsp.InsertTextFormat, lsp.InsertTextFormat>
>;

export const CodeActionKind = { QuickFix: 'quickfix' } as const satisfies Partial<
  Record<keyof typeof lsp.CodeActionKind, lsp.CodeActionKind>
>;
