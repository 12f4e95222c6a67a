/**
 * A dockerode client for an endpoint: the unix socket, TCP with or without TLS, or SSH with the
 * user's known_hosts and keys. No I/O beyond reading key files; connection.ts pings it.
 */
import * as fs from 'fs';
import * as https from 'https';
import Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { knownHostsVerifier, type HostKeyCheck } from './knownHosts';
import { sshAuthMethods } from './sshAuth';

export interface ClientOptions {
  /** Reads key/cert files; defaults to fs. */
  readFile?: (p: string) => Buffer;
  /** SSH handshake timeout (ms). */
  sshReadyTimeoutMs?: number;
  /** Accept SSH host keys that are in no known_hosts file (the CLI's ssh would refuse). */
  acceptUnknownHostKeys?: boolean;
}

/** What the SSH host key check found, so errors.ts can say why a handshake was refused. */
export interface ClientDiagnostics {
  hostKey?: HostKeyCheck;
  /** Identity files that could not be used (encrypted or unreadable). */
  skippedIdentities: string[];
}

const diagnostics = new WeakMap<Docker, ClientDiagnostics>();

export function clientDiagnostics(docker: Docker): ClientDiagnostics | undefined {
  return diagnostics.get(docker);
}

/**
 * A dockerode client for an endpoint; no I/O beyond reading key files. Every connection
 * option is set explicitly (undefined where unused) because docker-modem merges its own
 * DOCKER_HOST/DOCKER_CERT_PATH defaults under whatever it is given.
 */
export function createClient(endpoint: Endpoint, options: ClientOptions = {}): Docker {
  const read = options.readFile ?? ((p: string) => fs.readFileSync(p));
  const diag: ClientDiagnostics = { skippedIdentities: [] };
  const t = endpoint.transport;
  const base = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    version: undefined,
  } as const;
  let opts: Docker.DockerOptions & { agent?: https.Agent };
  if (t.kind === 'unix') {
    opts = { ...base, socketPath: t.socketPath };
  } else if (t.kind === 'tcp') {
    if (!t.tls) {
      opts = { ...base, host: t.host, port: t.port, protocol: 'http' };
    } else {
      const material = {
        ca: t.tls.ca ? read(t.tls.ca) : undefined,
        cert: t.tls.cert ? read(t.tls.cert) : undefined,
        key: t.tls.key ? read(t.tls.key) : undefined,
      };
      opts = { ...base, host: t.host, port: t.port, protocol: 'https', ...material };
      // docker-modem has no "skip verification" switch; an https agent carries it.
      if (!t.tls.verify) opts.agent = new https.Agent({ ...material, rejectUnauthorized: false });
    }
  } else {
    const { verifier, result } = knownHostsVerifier({
      host: t.host,
      port: t.port,
      files: t.knownHostsFiles,
      readText: (p) => {
        try {
          return read(p).toString('utf8');
        } catch {
          return undefined;
        }
      },
      acceptUnknown: options.acceptUnknownHostKeys === true,
    });
    Object.defineProperty(diag, 'hostKey', { enumerable: true, get: () => result.check });
    opts = {
      ...base,
      host: t.host,
      port: t.port,
      username: t.username,
      protocol: 'ssh',
      sshOptions: {
        agent: t.agentSocket,
        readyTimeout: options.sshReadyTimeoutMs ?? 20_000,
        hostVerifier: verifier,
        authHandler: sshAuthMethods(t, read, diag),
      },
    };
  }
  const docker = new Docker(opts);
  diagnostics.set(docker, diag);
  return docker;
}
