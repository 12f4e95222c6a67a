/**
 * The extension's engine, build and run settings, read in one place. In an untrusted workspace
 * the workspace's own values are ignored: a cloned repository must not be able to point the
 * extension at another engine (an SSH host, a TCP port) or change how containers are run.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineChoice, EngineSettings } from '../../shared/engine/endpoint';

export const SECTION = 'systemdContainerTools';

/** A setting's effective value; in Restricted Mode only the user's (and default) value counts. */
function read<T>(section: string, key: string, fallback: T, scope?: vscode.Uri): T {
  const config = vscode.workspace.getConfiguration(section, scope);
  if (vscode.workspace.isTrusted) return config.get<T>(key, fallback);
  const i = config.inspect<T>(key);
  return (i?.globalValue ?? i?.defaultValue ?? fallback) as T;
}

function nonEmpty(v: string | undefined | null): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function readEngineSettings(): EngineSettings {
  const s = `${SECTION}.engine`;
  const out: EngineSettings = {};
  const host = nonEmpty(read<string>(s, 'host', ''));
  if (host) out.host = host;
  const context = nonEmpty(read<string>(s, 'context', ''));
  if (context) out.context = context;
  const kind = read<string>(s, 'kind', 'auto');
  if (kind === 'docker' || kind === 'podman' || kind === 'auto') out.engine = kind as EngineChoice;
  const tlsVerify = read<boolean | null>(s, 'tlsVerify', null);
  if (typeof tlsVerify === 'boolean') out.tlsVerify = tlsVerify;
  const certPath = nonEmpty(read<string>(s, 'certPath', ''));
  if (certPath) out.certPath = expandHome(certPath);
  const identity = nonEmpty(read<string>(s, 'sshIdentityFile', ''));
  if (identity) out.sshIdentityFile = expandHome(identity);
  const knownHosts = nonEmpty(read<string>(s, 'sshKnownHostsFile', ''));
  if (knownHosts) out.sshKnownHostsFile = expandHome(knownHosts);
  return out;
}

export function connectTimeoutMs(): number {
  const v = read<number>(`${SECTION}.engine`, 'connectTimeoutSeconds', 10);
  return Math.max(1, Number.isFinite(v) ? v : 10) * 1000;
}

export interface BuildSettings {
  /** Absolute context folder. */
  contextDir: string;
  buildArgs: Record<string, string>;
  target?: string;
}

/**
 * `build.contextFolder`: empty = the Dockerfile's folder; relative paths are taken from the
 * Dockerfile's workspace folder; `${workspaceFolder}` and `~` are expanded.
 */
export function readBuildSettings(dockerfile: vscode.Uri): BuildSettings {
  const s = `${SECTION}.build`;
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
  const dockerfileDir = path.dirname(dockerfile.fsPath);
  const raw = nonEmpty(read<string>(s, 'contextFolder', '', dockerfile));
  let contextDir = dockerfileDir;
  if (raw) {
    const base = folder?.uri.fsPath ?? dockerfileDir;
    const expanded = expandHome(raw.replace(/\$\{workspaceFolder\}/g, base));
    contextDir = path.resolve(base, expanded);
  }
  const args = read<Record<string, unknown>>(s, 'args', {}, dockerfile) ?? {};
  const buildArgs: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) if (v !== null && v !== undefined) buildArgs[k] = String(v);
  const target = nonEmpty(read<string>(s, 'target', '', dockerfile));
  return { contextDir, buildArgs, ...(target ? { target } : {}) };
}

export interface RunSettings {
  bootTimeoutMs: number;
  keepFailedContainers: boolean;
  privileged: boolean;
}

export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const s = `${SECTION}.run`;
  const seconds = read<number>(s, 'bootTimeoutSeconds', 90, scope);
  return {
    bootTimeoutMs: Math.max(5, Number.isFinite(seconds) ? seconds : 90) * 1000,
    keepFailedContainers: read<boolean>(s, 'keepFailedContainers', false, scope) === true,
    privileged: read<boolean>(s, 'privileged', false, scope) === true,
  };
}

function expandHome(p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return p;
}
