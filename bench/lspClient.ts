/**
 * A minimal LSP client for benchmarks: spawns the bundled server (dist/server.js) over stdio,
 * answers workspace/configuration with the given settings, and resolves when diagnostics for a
 * given document version arrive.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export interface ServerSettings {
  enable: boolean;
  rules: Record<string, string>;
  configFile: string;
}

export class BenchServer {
  private readonly waiters = new Map<string, { version: number; resolve: () => void }>();
  /** Extra observers of every publishDiagnostics (the connection allows one handler). */
  readonly diagnosticsListeners: ((p: { uri: string; version?: number; diagnostics: unknown[] }) => void)[] = [];
  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(root: string, settings: ServerSettings): Promise<BenchServer> {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const server = new BenchServer(child, connection);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
        for (const listener of server.diagnosticsListeners) listener(p);
        const w = server.waiters.get(p.uri);
        if (w && p.version !== undefined && p.version >= w.version) {
          server.waiters.delete(p.uri);
          w.resolve();
        }
      },
    );
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: null,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  /** Resolves when diagnostics for `uri` at `version` (or later) are published. */
  diagnosticsFor(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.waiters.set(uri, { version, resolve }));
  }

  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    const published = this.diagnosticsFor(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    await published;
  }

  /** Replaces line `line` and waits for the diagnostics of that version. */
  async replaceLine(uri: string, version: number, line: number, oldLength: number, text: string): Promise<void> {
    const published = this.diagnosticsFor(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: oldLength } }, text }],
    });
    await published;
  }

  rssMb(): number {
    const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}
