/**
 * A connection to the container engine: a client for the endpoint that answered `/_ping`, or an
 * EngineError that says why not.
 */
import type Docker from 'dockerode';
import { clientDiagnostics, createClient, type ClientOptions } from './dockerClient';
import type { Endpoint } from './endpoint';
import { EngineError, describeEndpoint, toEngineError } from './errors';

export interface EngineConnection {
  docker: Docker;
  endpoint: Endpoint;
}

/**
 * A client that answered `/_ping`, or an EngineError that says why not. The timeout covers
 * the SSH handshake too; the caller's signal cancels.
 */
export async function connect(
  endpoint: Endpoint,
  options: ClientOptions & { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<EngineConnection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let docker: Docker;
  try {
    docker = createClient(endpoint, { sshReadyTimeoutMs: timeoutMs, ...options });
  } catch (e) {
    // Unreadable TLS/SSH key files, or docker-modem rejecting the process's own DOCKER_* env.
    throw toEngineError(e, endpoint);
  }
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  try {
    // dockerode's ping takes options at runtime; its typings do not say so.
    const ping = docker.ping.bind(docker) as unknown as (o: { abortSignal: AbortSignal }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.any(signals) });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    // Something answered HTTP, but not like an engine (a proxy, a web server on that port).
    if (status !== undefined && status < 500 && status !== 400) {
      throw new EngineError(
        'unknown',
        `${describeEndpoint(endpoint)} answered HTTP ${status} to /_ping: that is not a Docker or Podman API. ` +
          'Check the address and port.',
        endpoint.uri,
        status,
        { cause: e },
      );
    }
    throw toEngineError(e, endpoint, clientDiagnostics(docker));
  }
  return { docker, endpoint };
}
