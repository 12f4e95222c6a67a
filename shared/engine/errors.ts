/**
 * One clear message per engine failure: what went wrong, at which endpoint (and where that
 * endpoint came from), and what to do. Views show `message` as is.
 */
import type { ClientDiagnostics } from './dockerClient';
import type { Endpoint } from './endpoint';

export type EngineErrorKind =
  | 'socket-missing'
  | 'refused'
  | 'permission'
  | 'tls'
  | 'ssh-auth'
  | 'ssh-host-key'
  | 'ssh-remote'
  | 'dns'
  | 'unreachable'
  | 'timeout'
  | 'aborted'
  | 'server'
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  | 'unknown';

/** One line for messages: `unix:///run/docker.sock (from DOCKER_HOST)`. */
export function describeEndpoint(e: Endpoint): string {
  const tls =
    e.transport.kind === 'tcp' && e.transport.tls
      ? e.transport.tls.verify
        ? ', TLS'
        : ', TLS without verification'
      : '';
  return `${e.uri} (from ${e.origin}${tls})`;
}

/** The setting views should point at (the extension contributes it). */
export const HOST_SETTING = 'systemdContainerTools.engine.host';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    readonly endpoint?: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

interface RawError {
  name?: string;
  message?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  level?: string;
  statusCode?: number;
  reason?: string;
  json?: unknown;
  cause?: unknown;
}

/** The daemon's own message from a docker-modem HTTP error (`{"message": ...}`). */
export function daemonMessage(e: unknown): string | undefined {
  const r = e as RawError;
  const j = r?.json as { message?: unknown } | string | Buffer | undefined;
  if (j && typeof j === 'object' && !Buffer.isBuffer(j) && typeof j.message === 'string') return j.message.trim();
  if (typeof j === 'string' && j.trim()) return j.trim();
  if (Buffer.isBuffer(j) && j.length) return j.toString('utf8').trim();
  return undefined;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO$|ERR_OSSL_)/;

/**
 * Maps anything a dockerode call can throw to an EngineError. Already-mapped errors pass
 * through. `diag` (from connection.clientDiagnostics) adds the SSH host-key verdict.
 */
export function toEngineError(err: unknown, endpoint?: Endpoint, diag?: ClientDiagnostics): EngineError {
  if (err instanceof EngineError) return err;
  const r = (err ?? {}) as RawError;
  const where = endpoint ? describeEndpoint(endpoint) : 'the container engine';
  const theEngine = endpoint ? `The engine at ${where}` : 'The container engine';
  const uri = endpoint?.uri;
  const code = r.code ?? (r.cause as RawError | undefined)?.code;
  const msg = String(r.message ?? err);
  const make = (kind: EngineErrorKind, text: string, status?: number): EngineError =>
    new EngineError(kind, text, uri, status, { cause: err });
  const notes = endpoint && endpoint.notes.length ? ` (${endpoint.notes.join('; ')})` : '';
  const isSsh = endpoint?.transport.kind === 'ssh';

  // Cancellation and our own timeouts (AbortSignal.timeout → TimeoutError as the cause).
  const causeName = (r.cause as RawError | undefined)?.name;
  if (
    r.name === 'TimeoutError' ||
    causeName === 'TimeoutError' ||
    code === 'ETIMEDOUT' ||
    r.level === 'client-timeout'
  ) {
    return make(
      'timeout',
      `${theEngine} did not answer in time. Check that the host is reachable and the engine is running; a busy or ` +
        `remote engine may need a longer timeout.`,
    );
  }
  if (r.name === 'AbortError' || code === 'ABORT_ERR') return make('aborted', 'Cancelled.');

  // HTTP answers from the daemon.
  if (typeof r.statusCode === 'number') {
    const said = daemonMessage(err) ?? r.reason ?? msg;
    if (r.statusCode === 400 && /HTTP request to an HTTPS server/i.test(said)) {
      return make(
        'tls',
        `${theEngine} expects TLS, but the connection was plain HTTP. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH ` +
          `(or use a tcp:// context with TLS material).`,
        400,
      );
    }
    // Exec on a stopped container is a 409 at create but a 500 at start; both mean "not running".
    if (/is not running|container not running/i.test(`${said} ${msg}`)) {
      const what = /Container \S+ is not running/i.exec(`${said} ${msg}`)?.[0] ?? said.replace(/\.$/, '');
      return make(
        'conflict',
        `${what} (on ${where}): it has to be running for this. Start it, or see why it stopped (Diagnose Boot in ` +
          `the System Containers view).`,
        r.statusCode,
      );
    }
    // A command's exec instance gone at start or inspect: the engine drops a container's execs when it exits.
    if (r.statusCode === 404 && /no such exec/i.test(`${said} ${msg}`))
      return make(
        'conflict',
        `The container stopped while a command was starting in it (on ${where}). See why it stopped (Diagnose ` +
          `Boot in the System Containers view).`,
        r.statusCode,
      );
    if (r.statusCode === 409) return make('conflict', `Conflict on ${where}: ${said}`, r.statusCode);
    if (r.statusCode >= 500)
      return make(
        'server',
        `${theEngine} failed (HTTP ${r.statusCode}): ${said}. See the engine's log (journalctl -u docker or podman).`,
        r.statusCode,
      );
    if (r.statusCode === 404) return make('not-found', `Not found on ${where}: ${said}`, 404);
    if (r.statusCode === 401 || r.statusCode === 403)
      return make('permission', `${theEngine} refused the request (HTTP ${r.statusCode}): ${said}`, r.statusCode);
    return make('bad-request', `${theEngine} rejected the request (HTTP ${r.statusCode}): ${said}`, r.statusCode);
  }

  // SSH transport.
  if (isSsh && endpoint?.transport.kind === 'ssh') {
    const t = endpoint.transport;
    const hostKey = diag?.hostKey;
    if (
      /Host denied|verification failed/i.test(msg) ||
      hostKey?.status === 'unknown' ||
      hostKey?.status === 'mismatch' ||
      hostKey?.status === 'revoked'
    ) {
      if (hostKey?.status === 'mismatch') {
        return make(
          'ssh-host-key',
          `The SSH host key of ${t.host}:${t.port} does not match the one in ${hostKey.file} (${where}). If the ` +
            `server was reinstalled, remove the old entry with \`ssh-keygen -R ` +
            `${t.port === 22 ? t.host : `[${t.host}]:${t.port}`}\`; otherwise do not connect.`,
        );
      }
      if (hostKey?.status === 'revoked')
        return make('ssh-host-key', `The SSH host key of ${t.host}:${t.port} is marked @revoked in ${hostKey.file}.`);
      const looked =
        hostKey?.status === 'unknown' && hostKey.lookedIn.length
          ? `looked in ${hostKey.lookedIn.join(', ')}`
          : 'there is no ~/.ssh/known_hosts';
      return make(
        'ssh-host-key',
        `The SSH host key of ${t.host}:${t.port} is not known (${looked}) for ${where}. Connect once with \`ssh -p ` +
          `${t.port} ${t.username}@${t.host}\` and accept the key, then retry.`,
      );
    }
    if (r.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
      const skipped = diag?.skippedIdentities.length ? ` Skipped: ${diag.skippedIdentities.join(', ')}.` : '';
      const offered =
        t.identityFiles.length || t.agentSocket
          ? `offered ${[t.agentSocket ? 'ssh-agent' : '', ...t.identityFiles].filter(Boolean).join(', ')}`
          : 'no key found (~/.ssh/id_ed25519, id_ecdsa, id_rsa) and no SSH_AUTH_SOCK';
      return make(
        'ssh-auth',
        `SSH login as ${t.username} to ${t.host}:${t.port} failed (${offered}) for ${where}. Add your public key to ` +
          `the remote ~/.ssh/authorized_keys or load it into ssh-agent.${skipped}`,
      );
    }
    if (r.level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return make('dns', `Cannot resolve the SSH host ${t.host} (${where}). Check the host name.`);
    }
    if (code === 'ECONNREFUSED' || r.level === 'client-socket') {
      return make(
        'refused',
        `Nothing accepts SSH connections at ${t.host}:${t.port} (${where}). Check that sshd runs there and the port ` +
          `is right.`,
      );
    }
    if (
      /socket hang up|ECONNRESET|Not connected|Channel open failure|Unable to exec/i.test(msg) ||
      code === 'ECONNRESET'
    ) {
      return make(
        'ssh-remote',
        `Logged in to ${t.host} over SSH, but \`docker system dial-stdio\` did not answer (${where}). The remote ` +
          `needs the docker CLI on PATH, DOCKER_HOST (or the default socket) pointing at the engine, and permission ` +
          `on its socket for ${t.username}.`,
      );
    }
  }

  if (code && TLS_CODES.test(code)) {
    const why = /self[- ]signed|UNABLE_TO_|unable to verify/i.test(`${code} ${msg}`)
      ? 'the server certificate is not signed by the CA given (ca.pem)'
      : /ALTNAME|Hostname\/IP does not match/i.test(`${code} ${msg}`)
        ? 'the server certificate does not name this host'
        : /wrong version number|EPROTO/i.test(`${code} ${msg}`)
          ? 'the server does not speak TLS on that port (use tcp:// without TLS, or the TLS port)'
          : msg;
    return make(
      'tls',
      `TLS handshake with ${where} failed: ${why} [${code}]. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) or ` +
        `the context's TLS material.`,
    );
  }

  switch (code) {
    case 'ENOENT':
      return make(
        'socket-missing',
        `No engine socket at ${where}: the file does not exist${notes}. Start the engine (e.g. \`sudo systemctl ` +
          `start docker\`, or \`systemctl --user start podman.socket\`), or point DOCKER_HOST / the ${HOST_SETTING} ` +
          `setting at the right socket.`,
      );
    case 'ECONNREFUSED':
      return endpoint?.transport.kind === 'unix'
        ? make(
            'refused',
            `The engine socket at ${where} exists but nothing is listening (a stale socket: the engine is stopped ` +
              `or crashed). Restart the engine.`,
          )
        : make(
            'refused',
            `Nothing is listening at ${where}. Check that the engine runs there and listens on that port.`,
          );
    case 'EACCES':
    case 'EPERM':
      return make(
        'permission',
        `Permission denied on ${where}. Add your user to the socket's group (\`sudo usermod -aG docker $USER\`, ` +
          `then log in again), or use rootless Podman/Docker.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('dns', `Cannot resolve the host of ${where}. Check the host name.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make('unreachable', `The host of ${where} is unreachable from here. Check the network and the address.`);
    case 'ECONNRESET':
      // On a unix socket there is no TLS to get wrong: the engine went away mid-request.
      return endpoint?.transport.kind === 'unix'
        ? make(
            'unreachable',
            `The engine at ${where} closed the connection in the middle of a request: it stopped, crashed or ` +
              `restarted. Check that it is running (e.g. \`systemctl status docker\`) and retry.`,
          )
        : make(
            'unreachable',
            `The connection to ${where} was reset. If it is a TLS port, enable TLS ` +
              `(DOCKER_TLS_VERIFY/DOCKER_CERT_PATH).`,
          );
  }
  if (/socket hang up/i.test(msg)) {
    return endpoint?.transport.kind === 'unix'
      ? make(
          'unreachable',
          `The engine at ${where} closed the connection without an answer: it stopped, crashed or restarted. Check ` +
            `that it is running and retry.`,
        )
      : make(
          'unreachable',
          `The connection to ${where} closed without an answer. Is that address really a container engine?`,
        );
  }
  return make('unknown', `Engine request to ${where} failed: ${msg}`);
}
