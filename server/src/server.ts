/**
 * LSP wiring only: documents, settings, lint scheduling (lintScheduler.ts) and request forwarding.
 * All the language logic is in service.ts and lint.ts, which know nothing of the transport.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { fileURLToPath } from 'url';
import { setFlagsFromString } from 'v8';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { Finding } from './core/types';
import { findConfigFile, loadConfigFile, mergeConfigs, type LintConfig, type SeveritySetting } from './core/config';
import { ENGINE_PROFILE_NOTIFICATION, type EngineProfile } from '../../shared/engineProfile';
import { CONTAINER_PROFILES } from '../../shared/containerProfiles';
import { fileKindOf, initLinter } from './lint';
import { LintScheduler } from './lintScheduler';
import {
  codeActions,
  documentKind,
  FIX_ALL_KIND,
  hover,
  hoverWithDocs,
  lintDocument,
  toDiagnostic,
  type DocumentContext,
} from './service';
import { editorFeatures, kindNamed } from './kinds/registry';
import type { EditorFeatures } from './kinds/editorFeatures';
import { scanUnitPaths } from './kinds/unit/workspaceScan';
import { firstExplicit, parsePodmanVersion, parseSystemdVersion } from './core/targetVersions';
import { resolveTargets, type ResolvedTargets } from './kinds/unit/target';
import { RUNNING_RELEASES_NOTIFICATION, type ContainerReleases } from '../../shared/containerReleases';

interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  configFile: string;
  /** "auto" or a known release ("252"); see core/targetVersions.ts. */
  systemdVersion: string;
  podmanVersion: string;
}

const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  configFile: '',
  systemdVersion: 'auto',
  podmanVersion: 'auto',
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const findingsByUri = new Map<string, Finding[]>();
/** Settings per document, asked of the client once and kept until it says they changed. */
const settingsByUri = new Map<string, Promise<Settings>>();
let hasConfigurationCapability = false;
/** Workspace folder paths, for a relative `configFile` setting. */
let workspaceFolders: string[] = [];
let hasWorkspaceFolderCapability = false;
/** Running containers and the releases they said they have (the client asks them through the engine). */
let runningContainers: ContainerReleases[] = [];

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
      codeLensProvider: { resolveProvider: false },
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
    unitNames = undefined;
  });
});

/** A document's settings: one workspace/configuration round trip per document, not per keystroke. */
function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return Promise.resolve(DEFAULT_SETTINGS);
  let settings = settingsByUri.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'systemdContainerTools' }).then(
      (s: Partial<Settings> | null) => ({ ...DEFAULT_SETTINGS, ...(s ?? {}) }),
      (e) => {
        settingsByUri.delete(uri); // ask again next time
        throw e;
      },
    );
    settingsByUri.set(uri, settings);
  }
  return settings;
}

/** A relative `configFile` is relative to the document's workspace folder (else its folder). */
function resolveConfigPath(configFile: string, uri: string): string {
  if (path.isAbsolute(configFile)) return configFile;
  const docPath = uri.startsWith('file:') ? fileURLToPath(uri) : '';
  const folder = workspaceFolders
    .filter((f) => docPath.startsWith(f + path.sep))
    .sort((a, b) => b.length - a.length)[0];
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
  // The connected engine's profile is the default; the file's runProfile and the editor settings win over it.
  const fromEngine = engineProfile ? { runProfile: engineProfile.profile } : undefined;
  return mergeConfigs(fromEngine, fileConfig, { severity: settings.rules });
}

/** The releases the editor settings ask for (an unknown one is logged and counts as "auto"). */
function settingTargets(settings: Settings): Pick<DocumentContext, 'systemdVersion' | 'podmanVersion'> {
  const out: Pick<DocumentContext, 'systemdVersion' | 'podmanVersion'> = {};
  try {
    const systemd = parseSystemdVersion(settings.systemdVersion, 'systemdContainerTools.systemdVersion');
    if (systemd !== 'auto') out.systemdVersion = systemd;
  } catch (e) {
    connection.console.warn(`setting ignored: ${(e as Error).message}`);
  }
  try {
    const podman = parsePodmanVersion(settings.podmanVersion, 'systemdContainerTools.podmanVersion');
    if (podman !== 'auto') out.podmanVersion = podman;
  } catch (e) {
    connection.console.warn(`setting ignored: ${(e as Error).message}`);
  }
  return out;
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
function documentContext(uri: string, settings: Settings = DEFAULT_SETTINGS): DocumentContext {
  const docPath = documentPath(uri);
  if (!docPath) return { ...settingTargets(settings), containers: runningContainers };
  // Several rules of one lint ask for the same neighbours (the unit's Dockerfile, its folder):
  // each is read once per lint, and read again at the next (the disk may have changed).
  const read = new Map<string, string | undefined>();
  const listed = new Map<string, string[] | undefined>();
  const readFile = (file: string): string | undefined => {
    if (!read.has(file)) read.set(file, readFileNow(file));
    return read.get(file);
  };
  const listDir = (dir: string): string[] | undefined => {
    if (!listed.has(dir)) listed.set(dir, listDirNow(dir));
    return listed.get(dir);
  };
  const readFileNow = (file: string): string | undefined => {
    const open = documents.all().find((d) => d.uri.startsWith('file:') && fileURLToPath(d.uri) === file);
    if (open) return open.getText();
    try {
      return fs.statSync(file).size <= 5 * 1024 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const listDirNow = (dir: string): string[] | undefined => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  };
  return { path: docPath, readFile, listDir, ...settingTargets(settings), containers: runningContainers };
}

/** Lints the document as it is now and publishes the findings; resolves to the lint's own time in ms. */
async function lintNow(uri: string): Promise<number | undefined> {
  await ready;
  const version = documents.get(uri)?.version;
  if (version === undefined) return undefined; // closed meanwhile
  const settings = await settingsFor(uri);
  const current = documents.get(uri);
  if (!current || current.version !== version) return undefined; // a newer edit is queued and lints again
  let findings: Finding[] = [];
  let elapsed: number | undefined;
  if (settings.enable) {
    const started = performance.now();
    findings = lintDocument(
      current.languageId,
      current.getText(),
      configFor(current.uri, settings),
      (rule, e) => connection.console.error(`rule ${rule} failed on ${current.uri}: ${(e as Error).stack ?? e}`),
      documentContext(current.uri, settings),
    );
    elapsed = performance.now() - started;
    if (elapsed > 200) connection.console.log(`linted ${current.uri} in ${elapsed.toFixed(0)} ms`);
  }
  if (documents.get(uri)?.version !== version) return elapsed;
  findingsByUri.set(uri, findings);
  await connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(uri, f)) });
  return elapsed;
}

const scheduler = new LintScheduler((uri) =>
  lintNow(uri).catch((e) => {
    connection.console.error(`lint failed for ${uri}: ${(e as Error).stack ?? e}`);
    return undefined;
  }),
);

/** Every open document, in the background (settings or files they read changed). */
function refreshAll(): void {
  for (const d of documents.all()) scheduler.refresh(d.uri);
}

documents.onDidOpen((e) => scheduler.edit(e.document.uri));
documents.onDidChangeContent((e) => scheduler.edit(e.document.uri));
// Compose files, devcontainer.json and unit files read the Dockerfile they build from or sit beside.
documents.onDidSave((e) => {
  const readByOthers = (languageId: string) => {
    const kind = documentKind(languageId, undefined, '');
    return !!kind && !!kindNamed(kind).readByOthers;
  };
  if (!readByOthers(e.document.languageId)) return;
  for (const d of documents.all()) if (!readByOthers(d.languageId)) scheduler.refresh(d.uri);
});
documents.onDidClose((e) => {
  scheduler.forget(e.document.uri);
  settingsByUri.delete(e.document.uri);
  findingsByUri.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/** The run profile of the engine the extension is connected to (security/engineProfile.ts), sent by the client. */
let engineProfile: EngineProfile | undefined;
connection.onNotification(ENGINE_PROFILE_NOTIFICATION, (params: EngineProfile | null) => {
  engineProfile = params && CONTAINER_PROFILES.includes(params.profile) ? params : undefined;
  refreshAll();
});

connection.onDidChangeConfiguration(() => {
  settingsByUri.clear();
  refreshAll();
});
// "auto" asks running containers first: the client says what they answered (client/src/runningReleases.ts).
connection.onNotification(RUNNING_RELEASES_NOTIFICATION, (params: { containers?: ContainerReleases[] }) => {
  runningContainers = Array.isArray(params?.containers) ? params.containers : [];
  refreshAll();
});
connection.onDidChangeWatchedFiles(() => {
  unitNames = undefined; // scanned again at the next completion
  refreshAll();
});

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  await ready;
  // Fix-all on save must see the text as it is now, not the last debounced lint.
  const settings = await settingsFor(document.uri);
  const findings = settings.enable
    ? lintDocument(
        document.languageId,
        document.getText(),
        configFor(document.uri, settings),
        undefined,
        documentContext(document.uri, settings),
      )
    : [];
  const actions = codeActions(
    document.uri,
    document.getText(),
    params.range,
    params.context.diagnostics,
    params.context.only,
    findings,
  );
  const wantsQuickFix = !params.context.only || params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const features = editorFeatures(document.languageId);
  if (features && wantsQuickFix) {
    const path = featurePath(document.uri, features);
    actions.push(
      ...features.extraQuickFixes(
        document.uri,
        path,
        document.getText(),
        params.range,
        configFor(document.uri, settings),
      ),
    );
  }
  return actions;
});

connection.onCodeLens((params) => {
  const document = documents.get(params.textDocument.uri);
  const features = document && editorFeatures(document.languageId);
  return document && features ? features.codeLenses(featurePath(document.uri, features), document.getText()) : [];
});

connection.onHover(async (params) => {
  const findings = findingsByUri.get(params.textDocument.uri) ?? [];
  const document = documents.get(params.textDocument.uri);
  const features = document && editorFeatures(document.languageId);
  if (document && features) {
    const path = featurePath(document.uri, features);
    const own = await features.hover(path, document.getText(), params.position, () => unitTargets(document.uri, path));
    return own.withFindings ? hoverWithDocs(findings, params.position, own.hover) : own.hover;
  }
  return hover(findings, params.position);
});

// The status bar's "systemd 252 · Podman 5.8" for the active unit file (client/src/unitTargetStatus.ts).
connection.onRequest('systemdContainerTools/unitTarget', async (params: { uri: string }) => {
  const document = documents.get(params.uri);
  const features = document && editorFeatures(document.languageId);
  if (!document || !features?.judgedForReleases) return null;
  const path = featurePath(document.uri, features);
  const targets = await unitTargets(document.uri, path);
  const kind = fileKindOf(path);
  return { systemd: targets.systemd, podman: kind && kindNamed(kind).judgedForPodman ? targets.podman : undefined };
});

/** The releases a unit document is judged for, as its lint works them out (setting, config file, auto). */
async function unitTargets(uri: string, path: string): Promise<ResolvedTargets> {
  const settings = await settingsFor(uri);
  const context = documentContext(uri, settings);
  const config = configFor(uri, settings);
  const asked = {
    systemdVersion: context.systemdVersion ?? firstExplicit(config.systemdVersion),
    podmanVersion: context.podmanVersion ?? firstExplicit(config.podmanVersion),
  };
  const access =
    context.readFile && context.listDir ? { readFile: context.readFile, listDir: context.listDir } : undefined;
  return resolveTargets(path, asked, access, runningContainers);
}

/** The path editor features classify a document by (anonymous untitled ones: the kind's untitled path). */
function featurePath(uri: string, features: EditorFeatures): string {
  return documentPath(uri) ?? features.untitledPath;
}

/**
 * The names completion offers (unit files of the workspace), scanned asynchronously on first need (edits are linted
 * meanwhile).
 */
let unitNames: Promise<string[]> | undefined;
async function knownNames(features: EditorFeatures): Promise<string[]> {
  unitNames ??= scanUnitPaths(workspaceFolders).then((paths) => features.namesAmong(paths));
  const scanned = await unitNames;
  const open = documents
    .all()
    .filter((d) => editorFeatures(d.languageId) === features)
    .map((d) => featurePath(d.uri, features));
  return [...new Set([...scanned, ...features.namesAmong(open)])];
}

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  const features = document && editorFeatures(document.languageId);
  if (!features) return [];
  const names = await knownNames(features);
  const current = documents.get(params.textDocument.uri);
  if (!current) return [];
  const path = featurePath(current.uri, features);
  const targets = await unitTargets(current.uri, path);
  // the text as it is after the awaits (typing goes on meanwhile)
  const latest = documents.get(params.textDocument.uri);
  if (!latest) return [];
  return features.completion(path, latest.getText(), params.position, names, targets);
});

connection.onFoldingRanges((params) => {
  const document = documents.get(params.textDocument.uri);
  const features = document && editorFeatures(document.languageId);
  return document && features ? features.folding(document.getText()) : [];
});

documents.listen(connection);
connection.listen();
