/**
 * Where the container engine is. Resolved the way the docker CLI does it, so the extension talks
 * to the same engine as the user's terminal: an explicit setting, then DOCKER_HOST, then the
 * current Docker context, then the default socket; Podman's sockets when Docker's is absent or
 * Podman is chosen. `resolveEndpoint` is pure (environment and files come in as inputs) so every
 * branch is unit-testable.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  transportUri,
  type EndpointSource,
  type Endpoint,
  type EngineSettings,
  type TlsFiles,
  type Transport,
} from './endpoint';

/** Everything resolution reads from the machine, so tests can pass a fake one. */
export interface ResolveInputs {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  uid: number;
  username: string;
  exists(p: string): boolean;
  /** File contents, or undefined when it cannot be read. */
  readText(p: string): string | undefined;
}

export class EndpointResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointResolutionError';
  }
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
export const PODMAN_ROOTFUL_SOCKET = '/run/podman/podman.sock';
const DEFAULT_SSH_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export function nodeResolveInputs(env: Readonly<Record<string, string | undefined>> = process.env): ResolveInputs {
  return {
    env,
    homeDir: os.homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    username: safeUsername(),
    exists: (p) => fs.existsSync(p),
    readText: (p) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/** The docker CLI's config directory: DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(inputs: ResolveInputs): string {
  return nonEmpty(inputs.env.DOCKER_CONFIG) ?? path.join(inputs.homeDir, '.docker');
}

/** Contexts are stored under the SHA-256 of their name (docker/cli context/store). */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export function resolveEndpoint(inputs: ResolveInputs, settings: EngineSettings = {}): Endpoint {
  const notes: string[] = [];
  const choice = settings.engine ?? 'auto';

  const settingHost = nonEmpty(settings.host);
  if (settingHost) {
    const tls =
      settings.tlsVerify !== undefined || settings.certPath ? tlsFromSettings(inputs, settings) : tlsFromEnv(inputs);
    return finish(settingHost, 'setting', 'the engine host setting', tls, inputs, settings, notes);
  }
  if (choice === 'podman') return podmanEndpoint(inputs, settings, notes, true);

  const settingContext = nonEmpty(settings.context);
  if (settingContext) return contextEndpoint(settingContext, 'setting-context', inputs, settings, notes);

  const dockerHost = nonEmpty(inputs.env.DOCKER_HOST);
  if (dockerHost) return finish(dockerHost, 'DOCKER_HOST', 'DOCKER_HOST', tlsFromEnv(inputs), inputs, settings, notes);

  const envContext = nonEmpty(inputs.env.DOCKER_CONTEXT);
  if (envContext) return contextEndpoint(envContext, 'DOCKER_CONTEXT', inputs, settings, notes);

  const current = currentContextName(inputs, notes);
  if (current) return contextEndpoint(current, 'current-context', inputs, settings, notes);

  const dockerDefault = (said: string[]): Endpoint =>
    finish(
      `unix://${DEFAULT_DOCKER_SOCKET}`,
      'default-socket',
      'the default Docker socket',
      undefined,
      inputs,
      settings,
      said,
    );
  if (inputs.exists(DEFAULT_DOCKER_SOCKET) || choice === 'docker') return dockerDefault(notes);
  notes.push(`${DEFAULT_DOCKER_SOCKET} does not exist`);
  const podman = podmanEndpoint(inputs, settings, notes, false);
  if (inputs.exists((podman.transport as { socketPath?: string }).socketPath ?? '')) return podman;
  // Nothing found anywhere: name Docker's default, and list what was looked at.
  return dockerDefault([...notes, ...podman.notes.filter((n) => !notes.includes(n))]);
}

function podmanEndpoint(inputs: ResolveInputs, settings: EngineSettings, notes: string[], chosen: boolean): Endpoint {
  const containerHost = nonEmpty(inputs.env.CONTAINER_HOST);
  if (chosen && containerHost) {
    const ep = finish(containerHost, 'CONTAINER_HOST', 'CONTAINER_HOST (Podman)', undefined, inputs, settings, notes);
    return { ...ep, engineHint: 'podman' };
  }
  const candidates: Array<{ socket: string; source: EndpointSource; origin: string }> = [];
  const runtimeDir = nonEmpty(inputs.env.XDG_RUNTIME_DIR) ?? (inputs.uid > 0 ? `/run/user/${inputs.uid}` : undefined);
  const rootless = runtimeDir
    ? {
        socket: path.posix.join(runtimeDir, 'podman', 'podman.sock'),
        source: 'podman-rootless' as const,
        origin: 'the rootless Podman socket',
      }
    : undefined;
  const rootful = {
    socket: PODMAN_ROOTFUL_SOCKET,
    source: 'podman-rootful' as const,
    origin: 'the rootful Podman socket',
  };
  // A user's own Podman first; root uses the system one first.
  if (inputs.uid === 0) candidates.push(rootful, ...(rootless ? [rootless] : []));
  else candidates.push(...(rootless ? [rootless] : []), rootful);
  for (const c of candidates) {
    if (inputs.exists(c.socket)) {
      return {
        ...finish(`unix://${c.socket}`, c.source, c.origin, undefined, inputs, settings, notes),
        engineHint: 'podman',
      };
    }
  }
  const tried = candidates.map((c) => c.socket);
  const hint =
    'start it with `systemctl --user enable --now podman.socket` (rootless) or `sudo systemctl enable --now ' +
    'podman.socket`';
  const first = candidates[0];
  return {
    ...finish(`unix://${first.socket}`, first.source, first.origin, undefined, inputs, settings, [
      ...notes,
      `no Podman socket at ${tried.join(' or ')}: ${hint}`,
    ]),
    engineHint: 'podman',
  };
}

function currentContextName(inputs: ResolveInputs, notes: string[]): string | undefined {
  const configFile = path.join(dockerConfigDir(inputs), 'config.json');
  const text = inputs.readText(configFile);
  if (text === undefined) return undefined;
  try {
    const config = JSON.parse(text) as { currentContext?: unknown };
    const name = typeof config.currentContext === 'string' ? config.currentContext : '';
    return name && name !== 'default' ? name : undefined;
  } catch (e) {
    notes.push(`${configFile} is not valid JSON (${(e as Error).message}); ignored`);
    return undefined;
  }
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function contextEndpoint(
  name: string,
  source: EndpointSource,
  inputs: ResolveInputs,
  settings: EngineSettings,
  notes: string[],
): Endpoint {
  const where =
    source === 'DOCKER_CONTEXT'
      ? 'DOCKER_CONTEXT'
      : source === 'setting-context'
        ? 'the engine context setting'
        : path.join(dockerConfigDir(inputs), 'config.json');
  const origin = `Docker context "${name}" (${where})`;
  if (name === 'default') {
    // "default" is DOCKER_HOST or the default socket, exactly as without a context.
    const dockerHost = nonEmpty(inputs.env.DOCKER_HOST);
    if (dockerHost)
      return finish(dockerHost, source, `${origin} → DOCKER_HOST`, tlsFromEnv(inputs), inputs, settings, notes);
    return finish(`unix://${DEFAULT_DOCKER_SOCKET}`, source, origin, undefined, inputs, settings, notes);
  }
  const dir = contextDirName(name);
  const configDir = dockerConfigDir(inputs);
  const metaFile = path.join(configDir, 'contexts', 'meta', dir, 'meta.json');
  const text = inputs.readText(metaFile);
  if (text === undefined) {
    throw new EndpointResolutionError(
      `${origin}: context not found (no ${metaFile}). List contexts with \`docker context ls\`, or switch with ` +
        `\`docker context use default\`.`,
    );
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (e) {
    throw new EndpointResolutionError(`${origin}: ${metaFile} is not valid JSON (${(e as Error).message}).`);
  }
  const host = nonEmpty(meta.Endpoints?.docker?.Host);
  if (!host) throw new EndpointResolutionError(`${origin}: ${metaFile} has no Endpoints.docker.Host.`);
  // TLS material lives beside the metadata; TLS is used when it exists or verification is skipped.
  const tlsDir = path.join(configDir, 'contexts', 'tls', dir, 'docker');
  const files = tlsFilesIn(inputs, tlsDir);
  const skip = meta.Endpoints?.docker?.SkipTLSVerify === true;
  const tls = files.ca || files.cert || files.key || skip ? { verify: !skip, ...files } : undefined;
  return finish(host, source, origin, tls, inputs, settings, notes);
}

function tlsFilesIn(inputs: ResolveInputs, dir: string): Omit<TlsFiles, 'verify'> {
  const pick = (f: string): string | undefined => (inputs.exists(path.join(dir, f)) ? path.join(dir, f) : undefined);
  const out: Omit<TlsFiles, 'verify'> = {};
  const ca = pick('ca.pem');
  const cert = pick('cert.pem');
  const key = pick('key.pem');
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  return out;
}

/** The CLI's rule: DOCKER_TLS_VERIFY (any non-empty value) or DOCKER_TLS turn TLS on. */
function tlsFromEnv(inputs: ResolveInputs): TlsFiles | undefined {
  const verify = nonEmpty(inputs.env.DOCKER_TLS_VERIFY) !== undefined;
  const tls = verify || nonEmpty(inputs.env.DOCKER_TLS) !== undefined;
  if (!tls) return undefined;
  const dir = nonEmpty(inputs.env.DOCKER_CERT_PATH) ?? dockerConfigDir(inputs);
  return { verify, ...tlsFilesIn(inputs, dir) };
}

function tlsFromSettings(inputs: ResolveInputs, settings: EngineSettings): TlsFiles {
  const dir = nonEmpty(settings.certPath) ?? nonEmpty(inputs.env.DOCKER_CERT_PATH) ?? dockerConfigDir(inputs);
  return { verify: settings.tlsVerify ?? true, ...tlsFilesIn(inputs, dir) };
}

function finish(
  host: string,
  source: EndpointSource,
  origin: string,
  tls: TlsFiles | undefined,
  inputs: ResolveInputs,
  settings: EngineSettings,
  notes: string[],
): Endpoint {
  const transport = parseHost(host, { tls, inputs, settings, origin });
  return { uri: transportUri(transport), transport, source, origin, notes: [...notes] };
}

interface ParseContext {
  tls?: TlsFiles;
  inputs: ResolveInputs;
  settings: EngineSettings;
  origin: string;
}

/** Parses a docker host string (`-H` syntax). Exported for tests and for validating the setting. */
export function parseHost(raw: string, ctx: ParseContext): Transport {
  const host = raw.trim();
  const bad = (why: string): never => {
    throw new EndpointResolutionError(
      `${ctx.origin}: "${host}" is not a usable engine address (${why}). Expected unix:///path, ` +
        'tcp://host:port or ssh://user@host[:port].',
    );
  };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) bad('empty socket path');
    return { kind: 'unix', socketPath };
  }
  if (host.startsWith('npipe://')) bad('Windows named pipes are not available on this platform');
  if (host.startsWith('fd://')) bad('fd:// is a daemon-side address');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `tcp://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return bad('not a URL');
  }
  const scheme = url.protocol.replace(/:$/, '');
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) bad('no host name');
  if (url.pathname && url.pathname !== '/') bad('unexpected path');
  if (scheme === 'ssh') {
    const port = url.port ? Number(url.port) : 22;
    const home = ctx.inputs.homeDir;
    const identityFiles = [
      ...(nonEmpty(ctx.settings.sshIdentityFile) ? [ctx.settings.sshIdentityFile as string] : []),
      ...DEFAULT_SSH_KEYS.map((k) => path.join(home, '.ssh', k)),
    ].filter((f, i, all) => all.indexOf(f) === i && ctx.inputs.exists(f));
    const knownHostsFiles = [
      ...(nonEmpty(ctx.settings.sshKnownHostsFile) ? [ctx.settings.sshKnownHostsFile as string] : []),
      path.join(home, '.ssh', 'known_hosts'),
      '/etc/ssh/ssh_known_hosts',
    ].filter((f, i, all) => all.indexOf(f) === i && ctx.inputs.exists(f));
    const agentSocket = nonEmpty(ctx.inputs.env.SSH_AUTH_SOCK);
    return {
      kind: 'ssh',
      host: hostname,
      port,
      username: decodeURIComponent(url.username) || ctx.inputs.username,
      identityFiles,
      knownHostsFiles,
      ...(agentSocket ? { agentSocket } : {}),
    };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    const tls = scheme === 'https' && !ctx.tls ? { verify: true } : scheme === 'http' ? undefined : ctx.tls;
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    return { kind: 'tcp', host: hostname, port, ...(tls ? { tls } : {}) };
  }
  return bad(`unsupported scheme ${scheme}://`);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}
