/**
 * What an engine endpoint is: where it is (its transport), where that came from, and the
 * settings that choose it. Types and one pure helper; resolveEndpoint.ts finds an endpoint,
 * dockerClient.ts makes a client for it, connection.ts connects to it.
 */

export type EngineKind = 'docker' | 'podman';
export type EngineChoice = 'auto' | EngineKind;

/** Where the endpoint came from, in the order they are tried. */
export type EndpointSource =
  | 'setting'
  | 'setting-context'
  | 'DOCKER_HOST'
  | 'DOCKER_CONTEXT'
  | 'current-context'
  | 'default-socket'
  | 'CONTAINER_HOST'
  | 'podman-rootless'
  | 'podman-rootful';

export interface TlsFiles {
  /** Verify the server certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export type Transport =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; tls?: TlsFiles }
  | {
      kind: 'ssh';
      host: string;
      port: number;
      username: string;
      /** Private key files to offer, in order (only those that exist). */
      identityFiles: string[];
      knownHostsFiles: string[];
      /** SSH_AUTH_SOCK, tried before the key files. */
      agentSocket?: string;
    };

export interface Endpoint {
  /** Normalised address, e.g. `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://u@h:22`. */
  uri: string;
  transport: Transport;
  source: EndpointSource;
  /** Where it came from, for messages: `DOCKER_HOST`, `Docker context "prod" (~/.docker/config.json)`. */
  origin: string;
  /** Known from the source (a Podman socket); otherwise ask the engine (facts.ts). */
  engineHint?: EngineKind;
  /** What else was looked at and why it was not used (shown when the endpoint fails). */
  notes: string[];
}

/** The extension's engine settings; all optional. */
export interface EngineSettings {
  /** Like `docker -H`: unix://, tcp://, ssh:// (or host:port). */
  host?: string;
  /** Like `docker --context`. */
  context?: string;
  engine?: EngineChoice;
  /** TLS for a tcp:// host from the setting (else DOCKER_TLS_VERIFY/DOCKER_CERT_PATH apply). */
  tlsVerify?: boolean;
  certPath?: string;
  /** Extra SSH private key, tried first. */
  sshIdentityFile?: string;
  /** Extra known_hosts file, consulted with ~/.ssh/known_hosts. */
  sshKnownHostsFile?: string;
}

export function transportUri(t: Transport): string {
  const h = (host: string): string => (host.includes(':') ? `[${host}]` : host);
  switch (t.kind) {
    case 'unix':
      return `unix://${t.socketPath}`;
    case 'tcp':
      return `tcp://${h(t.host)}:${t.port}`;
    case 'ssh':
      return `ssh://${t.username}@${h(t.host)}:${t.port}`;
  }
}
