/**
 * Terminals into containers (`docker exec -it …`): the CLI is started directly with an argv
 * (createTerminal's shellPath/shellArgs), never through a shell string, and its environment
 * points it at the same engine as the extension (DOCKER_HOST and TLS variables from the
 * resolved endpoint; any DOCKER_CONTEXT is cleared so it cannot win).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { Endpoint } from '../../../shared/engine/endpoint';
import { findOnPath } from '../hostPath';
import { nsenterArgs, type NspawnMachine } from '../nspawn/machine';

export interface Cli {
  /** Absolute path of `docker` or `podman`. */
  path: string;
  kind: 'docker' | 'podman';
  /** Arguments before the subcommand (podman's `--url`). */
  prefix: string[];
  env: Record<string, string | null>;
}

/** DOCKER_* variables that make the docker CLI talk to `endpoint`. */
export function dockerEnv(endpoint: Endpoint): Record<string, string | null> {
  const env: Record<string, string | null> = {
    DOCKER_HOST: endpoint.uri,
    DOCKER_CONTEXT: null,
    DOCKER_TLS_VERIFY: null,
    DOCKER_TLS: null,
    DOCKER_CERT_PATH: null,
  };
  const t = endpoint.transport;
  if (t.kind === 'tcp' && t.tls) {
    if (t.tls.verify) env.DOCKER_TLS_VERIFY = '1';
    else env.DOCKER_TLS = '1';
    const file = t.tls.ca ?? t.tls.cert ?? t.tls.key;
    if (file) env.DOCKER_CERT_PATH = path.dirname(file);
  }
  return env;
}

/**
 * The docker CLI when it is installed (it speaks to Podman's compatible API too), else the
 * podman CLI in remote mode. Throws with a clear message when neither is on PATH.
 */
export function resolveCli(endpoint: Endpoint, engine: 'docker' | 'podman'): Cli {
  const docker = findOnPath('docker');
  const podman = findOnPath('podman');
  if (docker && (engine === 'docker' || !podman))
    return { path: docker, kind: 'docker', prefix: [], env: dockerEnv(endpoint) };
  if (podman) return { path: podman, kind: 'podman', prefix: ['--url', endpoint.uri], env: { CONTAINER_HOST: null } };
  if (docker) return { path: docker, kind: 'docker', prefix: [], env: dockerEnv(endpoint) };
  throw new Error(
    `Neither the docker nor the podman command is on PATH (${process.env.PATH ?? ''}); the terminal runs ` +
      `\`docker exec -it\` and needs one of them.`,
  );
}

/** The exec terminals open per container, so a stop or remove can close them first. */
const openTerminals = new Map<string, Set<vscode.Terminal>>();
let closeListener: vscode.Disposable | undefined;

export function execTerminal(cli: Cli, name: string, containerId: string, argv: string[]): vscode.Terminal {
  if (!/^[0-9a-f]{12,64}$/.test(containerId)) throw new Error(`Not a container id: ${JSON.stringify(containerId)}`);
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: cli.path,
    shellArgs: [...cli.prefix, 'exec', '-it', containerId, ...argv],
    env: cli.env,
    iconPath: new vscode.ThemeIcon('vm'),
  });
  closeListener ??= vscode.window.onDidCloseTerminal((t) => {
    for (const set of openTerminals.values()) set.delete(t);
  });
  let set = openTerminals.get(containerId);
  if (!set) openTerminals.set(containerId, (set = new Set()));
  set.add(terminal);
  terminal.show();
  return terminal;
}

/**
 * Closes the exec terminals of a container before it is stopped or removed. Left open, their
 * \`docker exec\` would end with the container (SIGHUP, exit 129) and VS Code would report each as
 * a terminal process that failed.
 */
export function closeTerminalsOf(containerId: string): number {
  const set = openTerminals.get(containerId);
  openTerminals.delete(containerId);
  for (const t of set ?? []) t.dispose();
  return set?.size ?? 0;
}

/**
 * A terminal inside an nspawn machine: nsenter into every namespace of its PID 1, then the
 * command (an argv, after "--").
 */
export function nsenterTerminal(machine: NspawnMachine, name: string, argv: string[]): vscode.Terminal {
  const leader = machine.leaderPid();
  if (leader === undefined) throw new Error(`The machine ${machine.name} is not running.`);
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: machine.host.nsenter,
    shellArgs: nsenterArgs(leader, argv),
    iconPath: new vscode.ThemeIcon('server-process'),
  });
  terminal.show();
  return terminal;
}
