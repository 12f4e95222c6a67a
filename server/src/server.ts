/**
 * LSP wiring only: documents, settings, debounced linting and request forwarding. All the
 * language logic is in service.ts and lint.ts, which know nothing of the transport.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { setFlagsFromString } from 'v8';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult, type WorkspaceFolder } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { Finding } from './core/types';
import { findConfigFile, loadConfigFile, mergeConfigs, type LintConfig, type SeveritySetting } from './core/config';
import { initLinter } from './lint';
import { codeActions, FIX_ALL_KIND, hover, lintDocument, toDiagnostic, type DocumentContext } from './service';
import { unitDocumentCompletion, unitDocumentHover, unitFoldingRanges, workspaceUnitNames } from './units/service';
import { scanUnitPaths } from './workspaceUnits';

interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  configFile: string;
}

const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, configFile: '' };
const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const findingsByUri = new Map<string, Finding[]>();
const timers = new Map<string, NodeJS.Timeout>();
let hasConfigurationCapability = false;
/** Workspace folder paths, for a relative `configFile` setting. */
let workspaceFolders: string[] = [];
let hasWorkspaceFolderCapability = false;

function folderPaths(folders: WorkspaceFolder[] | null | undefined): string[] {
  return (folders ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
}
// tree-sitter's wasm runs on V8's baseline compiler only (before initLinter compiles it). The
// optimizing tier-up of its large lexer function left 25-45 MB of compiler memory in the
// process for good; without it the server idles at about 70 MB instead of 90-115 MB, for about
// 15% of cold lint throughput (files seen for the first time; the keystroke path hits the RUN
// cache). bench/run.ts measures both. The CLI keeps V8's default tiering.
setFlagsFromString('--liftoff-only');
const ready = initLinter();

connection.onInitialize((params): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  hasWorkspaceFolderCapability = !!params.capabilities.workspace?.workspaceFolders;
  workspaceFolders = folderPaths(params.workspaceFolders);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['[', '=', '%', ' '] },
      foldingRangeProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: hasWorkspaceFolderCapability } },
    },
    serverInfo: { name: 'systemd-container-tools' },
  };
});

connection.onInitialized(() => {
  if (!hasWorkspaceFolderCapability) return;
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    workspaceFolders = folderPaths(await connection.workspace.getWorkspaceFolders());
  });
});

async function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return DEFAULT_SETTINGS;
  const s = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'systemdContainerTools' })) as Partial<Settings> | null;
  return { ...DEFAULT_SETTINGS, ...(s ?? {}) };
}

/** A relative `configFile` is relative to the document's workspace folder (else its folder). */
function resolveConfigPath(configFile: string, uri: string): string {
  if (path.isAbsolute(configFile)) return configFile;
  const docPath = uri.startsWith('file:') ? fileURLToPath(uri) : '';
  const folder = workspaceFolders.filter((f) => docPath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  return path.resolve(folder ?? (docPath ? path.dirname(docPath) : process.cwd()), configFile);
}

function configFor(uri: string, settings: Settings): LintConfig {
  let fileConfig: LintConfig | undefined;
  try {
    if (settings.configFile) fileConfig = loadConfigFile(resolveConfigPath(settings.configFile, uri));
    else if (uri.startsWith('file:')) {
      const found = findConfigFile(path.dirname(fileURLToPath(uri)));
      if (found) fileConfig = loadConfigFile(found);
    }
  } catch (e) {
    connection.console.warn(`configuration ignored: ${(e as Error).message}`);
  }
  // Editor settings win over the file.
  return mergeConfigs(fileConfig, { severity: settings.rules });
}

/**
 * The file a document stands for: a file, or an untitled document named with a path (a
 * generated Quadlet or compose file that Save will write there); anonymous ones have none.
 */
function documentPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  if (!uri.startsWith('untitled:')) return undefined;
  const named = decodeURIComponent(uri.slice('untitled:'.length));
  return path.isAbsolute(named) ? named : undefined;
}

/** Path and file access for a document: open documents win over the disk (unsaved Dockerfiles count). */
function documentContext(uri: string): DocumentContext {
  const docPath = documentPath(uri);
  if (!docPath) return {};
  const readFile = (file: string): string | undefined => {
    const open = documents.all().find((d) => d.uri.startsWith('file:') && fileURLToPath(d.uri) === file);
    if (open) return open.getText();
    try {
      return fs.statSync(file).size <= 5 * 1024 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const listDir = (dir: string): string[] | undefined => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  };
  return { path: docPath, readFile, listDir };
}

async function lintNow(document: TextDocument): Promise<void> {
  await ready;
  const version = document.version;
  const settings = await settingsFor(document.uri);
  const current = documents.get(document.uri);
  if (!current || current.version !== version) return; // a newer edit will lint again
  let findings: Finding[] = [];
  if (settings.enable) {
    const started = Date.now();
    findings = lintDocument(
      current.languageId,
      current.getText(),
      configFor(current.uri, settings),
      (rule, e) => connection.console.error(`rule ${rule} failed on ${current.uri}: ${(e as Error).stack ?? e}`),
      documentContext(current.uri),
    );
    const elapsed = Date.now() - started;
    if (elapsed > 200) connection.console.log(`linted ${current.uri} in ${elapsed} ms`);
  }
  if (documents.get(document.uri)?.version !== version) return;
  findingsByUri.set(document.uri, findings);
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: findings.map((f) => toDiagnostic(document.uri, f)) });
}

function scheduleLint(document: TextDocument, delay = DEBOUNCE_MS): void {
  clearTimeout(timers.get(document.uri));
  timers.set(
    document.uri,
    setTimeout(() => {
      timers.delete(document.uri);
      lintNow(document).catch((e) => connection.console.error(`lint failed for ${document.uri}: ${(e as Error).stack ?? e}`));
    }, delay),
  );
}

documents.onDidOpen((e) => scheduleLint(e.document, 0));
documents.onDidChangeContent((e) => scheduleLint(e.document));
// Compose files, devcontainer.json and unit files read the Dockerfile they build from or sit beside.
documents.onDidSave((e) => {
  if (e.document.languageId !== 'dockerfile') return;
  for (const d of documents.all()) if (d.languageId !== 'dockerfile') scheduleLint(d);
});
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  findingsByUri.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(() => {
  for (const d of documents.all()) scheduleLint(d, 0);
});
connection.onDidChangeWatchedFiles(() => {
  unitNames = undefined;
  for (const d of documents.all()) scheduleLint(d, 0);
});

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  await ready;
  // Fix-all on save must see the text as it is now, not the last debounced lint.
  const settings = await settingsFor(document.uri);
  const findings = settings.enable ? lintDocument(document.languageId, document.getText(), configFor(document.uri, settings), undefined, documentContext(document.uri)) : [];
  return codeActions(document.uri, document.getText(), params.range, params.context.diagnostics, params.context.only, findings);
});

connection.onHover((params) => {
  const findings = findingsByUri.get(params.textDocument.uri) ?? [];
  const document = documents.get(params.textDocument.uri);
  if (document?.languageId === 'systemd-unit') return unitDocumentHover(unitPath(document.uri), document.getText(), params.position, findings);
  return hover(findings, params.position);
});

/** The path unit-file features classify a document by (anonymous untitled ones count as a .service). */
function unitPath(uri: string): string {
  return documentPath(uri) ?? '/untitled.service';
}

let unitNames: string[] | undefined;
function knownUnitNames(): string[] {
  const open = documents.all().filter((d) => d.languageId === 'systemd-unit').map((d) => unitPath(d.uri));
  unitNames ??= workspaceUnitNames(scanUnitPaths(workspaceFolders));
  return [...new Set([...unitNames, ...workspaceUnitNames(open)])];
}

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  if (document?.languageId !== 'systemd-unit') return [];
  return unitDocumentCompletion(unitPath(document.uri), document.getText(), params.position, knownUnitNames());
});

connection.onFoldingRanges((params) => {
  const document = documents.get(params.textDocument.uri);
  return document?.languageId === 'systemd-unit' ? unitFoldingRanges(document.getText()) : [];
});

documents.listen(connection);
connection.listen();
