/**
 * What the CLI's engine subcommands share (`boot`, and the ones built on it): the engine found
 * the way the docker CLI and the extension find it (--host, DOCKER_HOST, the current Docker
 * context, the default socket, Podman's sockets), its facts, and Ctrl-C/SIGTERM turned into an
 * abort signal so a subcommand can remove what it created before it exits.
 */
import { connect, type EngineConnection } from '../../../shared/engine/connection';
import type { EngineChoice } from '../../../shared/engine/endpoint';
import { nodeResolveInputs, resolveEndpoint } from '../../../shared/engine/resolveEndpoint';
import { fetchFacts, type EngineFacts } from '../../../shared/engine/facts';

export interface EngineAccess extends EngineConnection {
  facts: EngineFacts;
}

export interface EngineArgs {
  /** Like `docker -H`: unix://, tcp://, ssh:// (else DOCKER_HOST, the Docker context, the default socket). */
  host?: string;
  engine?: EngineChoice;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Connects (the ping answers); EngineError (with a message that says what to do) when not. */
export async function openEngine(args: EngineArgs = {}): Promise<EngineConnection> {
  const endpoint = resolveEndpoint(nodeResolveInputs(process.env), {
    ...(args.host ? { host: args.host } : {}),
    ...(args.engine ? { engine: args.engine } : {}),
  });
  return connect(endpoint, { timeoutMs: args.timeoutMs ?? 10_000, ...(args.signal ? { signal: args.signal } : {}) });
}

/** The engine's facts (Docker or Podman, cgroup version, …), for the run profile. */
export function engineFacts(conn: EngineConnection, signal?: AbortSignal): Promise<EngineFacts> {
  return fetchFacts(conn.docker, { endpoint: conn.endpoint, ...(signal ? { signal } : {}) });
}

/** Connects and reads the engine's facts. */
export async function connectEngine(args: EngineArgs = {}): Promise<EngineAccess> {
  const conn = await openEngine(args);
  return { ...conn, facts: await engineFacts(conn, args.signal) };
}

export interface Interruption {
  signal: AbortSignal;
  /** The signal that interrupted the run (SIGINT, SIGTERM), once one did. */
  readonly received: NodeJS.Signals | undefined;
  /** The conventional exit status for it: 128 + its number. */
  readonly exitCode: number;
  dispose(): void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * SIGINT, SIGTERM and SIGHUP abort the returned signal instead of killing the process, so the
 * subcommand can clean up. A second one while it cleans up exits at once (`onForced` says what
 * may be left).
 */
export function interruptible(
  onForced: () => string | undefined = () => undefined,
  err: (s: string) => void = (s) => process.stderr.write(s + '\n'),
): Interruption {
  const ac = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (received) {
      const left = onForced();
      err(`systemd-container-lint: ${sig} again: exiting without cleaning up.${left ? ` ${left}` : ''}`);
      process.exit(128 + (SIGNAL_NUMBERS[sig] ?? 0));
    }
    received = sig;
    ac.abort();
  };
  const signals = Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[];
  for (const s of signals) process.on(s, handler);
  return {
    signal: ac.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received ? 128 + (SIGNAL_NUMBERS[received] ?? 0) : 0;
    },
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
