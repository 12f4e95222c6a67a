/**
 * The extension's one connection to the container engine. It resolves the endpoint the way the
 * docker CLI does (engine core), connects on first use, fetches the engine's facts, follows
 * the engine's container events (so views refresh by themselves) and reconnects that stream
 * when it drops. A settings change starts over. Everyone else asks `get()` for a connection
 * and listens to `onDidChangeState` / `onDidChangeContainers`.
 */
import type { Readable } from 'stream';
import * as vscode from 'vscode';
import { connect } from '../../../shared/engine/connection';
import type { Endpoint } from '../../../shared/engine/endpoint';
import { nodeResolveInputs, resolveEndpoint } from '../../../shared/engine/resolveEndpoint';
import { EngineError, describeEndpoint, toEngineError, type EngineErrorKind } from '../../../shared/engine/errors';
import { describeFacts, fetchFacts, type EngineFacts } from '../../../shared/engine/facts';
import type Docker from 'dockerode';
import { SECTION, connectTimeoutMs, readEngineSettings } from '../engineSettings';

export interface Connected {
  docker: Docker;
  endpoint: Endpoint;
  facts: EngineFacts;
}

export type SessionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; endpoint?: Endpoint }
  | ({ kind: 'connected' } & Connected)
  | { kind: 'error'; message: string; error: Error; endpoint?: Endpoint };

/** Errors that mean "the engine cannot be reached", as opposed to one request failing. */
const UNREACHABLE: ReadonlySet<EngineErrorKind> = new Set([
  'socket-missing',
  'refused',
  'permission',
  'tls',
  'ssh-auth',
  'ssh-host-key',
  'ssh-remote',
  'dns',
  'unreachable',
  'timeout',
]);

export function isUnreachable(e: unknown): boolean {
  return e instanceof EngineError && UNREACHABLE.has(e.kind);
}

/** Container events that change what the containers view shows (exec_* would loop: the view execs). */
export const CONTAINER_EVENTS = [
  'create',
  'start',
  'restart',
  'die',
  'stop',
  'destroy',
  'rename',
  'pause',
  'unpause',
  'update',
];

const EVENTS_BACKOFF_MIN_MS = 1000;
const EVENTS_BACKOFF_MAX_MS = 30_000;

export class EngineSession implements vscode.Disposable {
  private state: SessionState = { kind: 'idle' };
  private pending: Promise<Connected> | undefined;
  /** Bumped on every (re)connect; late answers from an older generation are dropped. */
  private generation = 0;
  private events: Readable | undefined;
  private eventsTimer: NodeJS.Timeout | undefined;
  private eventsBackoffMs = EVENTS_BACKOFF_MIN_MS;
  private changeTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** How many times the event stream was (re)opened; for logs and tests. */
  eventStreamsOpened = 0;
  private readonly stateEmitter = new vscode.EventEmitter<SessionState>();
  private readonly containersEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];

  readonly onDidChangeState = this.stateEmitter.event;
  /** Debounced: containers were created, started, stopped, removed… (or events may have been missed). */
  readonly onDidChangeContainers = this.containersEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.stateEmitter,
      this.containersEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.engine`)) this.settingsChanged('the engine settings changed');
      }),
      // Trust changes which settings count (engineSettings.ts).
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingsChanged('the workspace is now trusted')),
    );
  }

  get current(): SessionState {
    return this.state;
  }

  /** A connection, connecting first if needed. Rejects with the clear message when the engine cannot be reached. */
  get(): Promise<Connected> {
    if (this.state.kind === 'connected') return Promise.resolve(this.state);
    if (this.pending) return this.pending;
    return this.start();
  }

  /** Connects if nothing was tried yet; never rejects (the state says what happened). */
  ensureStarted(): void {
    if (this.state.kind === 'idle') this.get().catch(() => undefined);
  }

  /** Drops the current connection and connects again (Retry, settings changes). */
  reconnect(): Promise<Connected> {
    this.teardown();
    return this.start();
  }

  /**
   * A request failed: when the engine is gone, say so everywhere (status bar, view) and keep
   * trying in the background. Other failures belong to the request alone.
   */
  reportFailure(e: unknown): void {
    if (!isUnreachable(e) || this.state.kind !== 'connected') return;
    const endpoint = this.state.endpoint;
    this.setState({ kind: 'error', message: (e as Error).message, error: e as Error, endpoint });
    this.scheduleEvents(this.generation);
  }

  private settingsChanged(why: string): void {
    if (this.state.kind === 'idle' && !this.pending) return;
    this.log.info(`Reconnecting to the engine: ${why}.`);
    this.reconnect().catch(() => undefined);
  }

  private start(): Promise<Connected> {
    const gen = ++this.generation;
    // A background retry of the previous generation would now do nothing (and block a new one).
    if (this.eventsTimer) clearTimeout(this.eventsTimer);
    this.eventsTimer = undefined;
    let endpoint: Endpoint | undefined;
    const p = (async (): Promise<Connected> => {
      try {
        endpoint = resolveEndpoint(nodeResolveInputs(), readEngineSettings());
      } catch (e) {
        // A bad host setting or a missing context: no endpoint to try.
        throw e instanceof Error ? e : new Error(String(e));
      }
      this.setState({ kind: 'connecting', endpoint }, gen);
      const conn = await connect(endpoint, { timeoutMs: connectTimeoutMs() });
      const facts = await fetchFacts(conn.docker, { endpoint });
      return { docker: conn.docker, endpoint, facts };
    })();
    this.pending = p;
    p.then(
      (c) => {
        if (gen !== this.generation) return;
        this.pending = undefined;
        this.log.info(`Engine: ${describeFacts(c.facts)} at ${describeEndpoint(c.endpoint)}.`);
        this.setState({ kind: 'connected', ...c }, gen);
        this.openEvents(gen);
      },
      (e: unknown) => {
        if (gen !== this.generation) return;
        this.pending = undefined;
        const err = e instanceof Error ? e : new Error(String(e));
        this.log.warn(`Engine unreachable: ${err.message}`);
        this.setState({ kind: 'error', message: err.message, error: err, ...(endpoint ? { endpoint } : {}) }, gen);
        // Keep trying in the background (with backoff), as after a dropped event stream: a
        // command that found the engine gone must not leave the views waiting for a Retry.
        if (isUnreachable(err)) this.scheduleEvents(gen);
      },
    );
    // Callers get the same outcome; those who only start it must not see an unhandled rejection.
    p.catch(() => undefined);
    return p;
  }

  private setState(s: SessionState, gen = this.generation): void {
    if (gen !== this.generation || this.disposed) return;
    this.state = s;
    this.stateEmitter.fire(s);
  }

  // ------------------------------------------------------------------------- event stream

  private openEvents(gen: number): void {
    if (this.disposed || gen !== this.generation || this.state.kind !== 'connected') return;
    const { docker, endpoint } = this.state;
    const filters = { type: ['container'], event: CONTAINER_EVENTS };
    // dockerode's typings know only the callback form of getEvents' options here.
    const getEvents = docker.getEvents.bind(docker) as unknown as (o: object) => Promise<NodeJS.ReadableStream>;
    getEvents({ filters }).then(
      (s) => {
        const stream = s as unknown as Readable;
        if (this.disposed || gen !== this.generation) {
          stream.destroy();
          return;
        }
        const previous = this.events;
        this.events = stream;
        previous?.destroy();
        this.eventStreamsOpened++;
        this.eventsBackoffMs = EVENTS_BACKOFF_MIN_MS;
        let buffer = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          if (lines.some((l) => l.trim())) this.containersChanged();
        });
        let ended = false;
        const onEnd = (why: string): void => {
          if (ended) return;
          ended = true;
          if (this.events !== stream) return;
          this.events = undefined;
          if (this.disposed || gen !== this.generation) return;
          this.log.info(`The engine's event stream ${why}; reconnecting.`);
          this.scheduleEvents(gen);
        };
        stream.on('end', () => onEnd('ended'));
        stream.on('close', () => onEnd('closed'));
        stream.on('error', (e: Error) => onEnd(`failed (${e.message})`));
        // Anything that happened while no stream was open.
        if (this.eventStreamsOpened > 1) this.containersChanged();
      },
      (e: unknown) => {
        if (this.disposed || gen !== this.generation) return;
        this.log.warn(`Cannot follow the engine's events: ${toEngineError(e, endpoint).message}`);
        this.scheduleEvents(gen);
      },
    );
  }

  /**
   * After the stream dropped: wait, check the engine (its error is shown while it is away),
   * then reopen the stream. Backs off up to 30 s between attempts.
   */
  private scheduleEvents(gen: number): void {
    if (this.disposed || gen !== this.generation || this.eventsTimer) return;
    const delay = this.eventsBackoffMs;
    this.eventsBackoffMs = Math.min(this.eventsBackoffMs * 2, EVENTS_BACKOFF_MAX_MS);
    this.eventsTimer = setTimeout(() => {
      this.eventsTimer = undefined;
      if (this.disposed || gen !== this.generation) return;
      const endpoint = this.state.kind === 'connected' || this.state.kind === 'error' ? this.state.endpoint : undefined;
      if (!endpoint) return;
      connect(endpoint, { timeoutMs: connectTimeoutMs() })
        .then(async (conn) => {
          const facts =
            this.state.kind === 'connected' ? this.state.facts : await fetchFacts(conn.docker, { endpoint });
          if (gen !== this.generation) return;
          if (this.state.kind !== 'connected') {
            this.log.info(`The engine is back: ${describeFacts(facts)}.`);
            this.setState({ kind: 'connected', docker: conn.docker, endpoint, facts }, gen);
          }
          this.openEvents(gen);
        })
        .catch((e: unknown) => {
          if (gen !== this.generation) return;
          const err = toEngineError(e, endpoint);
          if (this.state.kind !== 'error' || this.state.message !== err.message) {
            this.log.warn(`Engine unreachable: ${err.message}`);
            this.setState({ kind: 'error', message: err.message, error: err, endpoint }, gen);
          }
          this.scheduleEvents(gen);
        });
    }, delay);
  }

  private containersChanged(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (!this.disposed) this.containersEmitter.fire();
    }, 250);
  }

  /** For tests: cut the event stream as a dropped connection would. */
  dropEventStream(): boolean {
    if (!this.events) return false;
    this.events.destroy();
    return true;
  }

  get followingEvents(): boolean {
    return this.events !== undefined;
  }

  private teardown(): void {
    this.generation++;
    this.pending = undefined;
    if (this.eventsTimer) clearTimeout(this.eventsTimer);
    this.eventsTimer = undefined;
    this.eventsBackoffMs = EVENTS_BACKOFF_MIN_MS;
    const s = this.events;
    this.events = undefined;
    s?.destroy();
  }

  dispose(): void {
    this.teardown();
    this.disposed = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const d of this.disposables) d.dispose();
  }
}
