/**
 * Error mapping, with error objects shaped like the ones Node, docker-modem and ssh2 raise
 * (the engine tests check the same paths against real failures).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Endpoint } from '../../shared/engine/endpoint';
import { resolveEndpoint, type ResolveInputs } from '../../shared/engine/resolveEndpoint';
import { EngineError, toEngineError } from '../../shared/engine/errors';

const inputs: ResolveInputs = {
  env: {},
  homeDir: '/home/u',
  uid: 1000,
  username: 'u',
  exists: () => false,
  readText: () => undefined,
};
const unix: Endpoint = resolveEndpoint(inputs, { host: 'unix:///var/run/docker.sock' });
const tcp: Endpoint = resolveEndpoint({ ...inputs, env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' } });
const ssh: Endpoint = resolveEndpoint(inputs, { host: 'ssh://deploy@h' });

const sysErr = (code: string, message = code): Error => Object.assign(new Error(message), { code, syscall: 'connect' });
const httpErr = (statusCode: number, message: string, reason = 'server error'): Error =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${reason} - ${message} `), {
    statusCode,
    reason,
    json: { message },
  });

describe('toEngineError', () => {
  it('socket missing / refused / permission name the endpoint and the fix', () => {
    const missing = toEngineError(sysErr('ENOENT'), unix);
    assert.equal(missing.kind, 'socket-missing');
    assert.match(
      missing.message,
      /^No engine socket at unix:\/\/\/var\/run\/docker\.sock \(from the engine host setting\)/,
    );
    assert.equal(missing.endpoint, 'unix:///var/run/docker.sock');
    assert.match(toEngineError(sysErr('ECONNREFUSED'), unix).message, /stale socket/);
    assert.match(
      toEngineError(sysErr('ECONNREFUSED'), tcp).message,
      /Nothing is listening at tcp:\/\/h:2376 \(from DOCKER_HOST, TLS\)/,
    );
    const perm = toEngineError(sysErr('EACCES'), unix);
    assert.equal(perm.kind, 'permission');
    assert.match(perm.message, /usermod -aG docker/);
  });

  it('TLS errors say what is wrong with the certificates', () => {
    assert.match(toEngineError(sysErr('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), tcp).message, /not signed by the CA/);
    assert.match(
      toEngineError(sysErr('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), tcp)
        .message,
      /does not name this host/,
    );
    assert.match(toEngineError(sysErr('EPROTO', 'wrong version number'), tcp).message, /does not speak TLS/);
    const plainToTls = toEngineError(
      httpErr(400, 'Client sent an HTTP request to an HTTPS server.', 'bad parameter'),
      tcp,
    );
    assert.equal(plainToTls.kind, 'tls');
  });

  it('HTTP answers: 5xx, 404, 409 and "not running"', () => {
    const e500 = toEngineError(httpErr(500, 'driver failed'), unix);
    assert.equal(e500.kind, 'server');
    assert.match(e500.message, /failed \(HTTP 500\): driver failed/);
    assert.equal(toEngineError(httpErr(404, 'No such container: x', 'no such container'), unix).kind, 'not-found');
    assert.equal(toEngineError(httpErr(409, 'name in use', 'conflict'), unix).kind, 'conflict');
    // exec start on a stopped container is a 500 from dockerd, with no JSON body.
    const stopped = Object.assign(new Error('(HTTP code 500) container not running - Container x is not running'), {
      statusCode: 500,
      reason: 'container not running',
      json: null,
    });
    assert.equal(toEngineError(stopped, unix).kind, 'conflict');
    assert.match(
      toEngineError(stopped, unix).message,
      /^Container x is not running \(on unix:\/\/.*\): it has to be running for this\./,
    );
    // An exec started or inspected after its container exited: dockerd has dropped it (the shape CI saw).
    const dropped = Object.assign(new Error('(HTTP code 404) no such exec - No such exec instance: e7f8'), {
      statusCode: 404,
      reason: 'no such exec',
      json: { message: 'No such exec instance: e7f8' },
    });
    assert.equal(toEngineError(dropped, unix).kind, 'conflict');
    assert.match(toEngineError(dropped, unix).message, /^The container stopped while a command was starting in it/);
  });

  it('a unix socket cut mid-request says the engine went away (no TLS hint)', () => {
    const reset = toEngineError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), unix);
    assert.equal(reset.kind, 'unreachable');
    assert.match(reset.message, /closed the connection in the middle of a request: it stopped, crashed or restarted/);
    assert.doesNotMatch(reset.message, /TLS/);
    assert.match(
      toEngineError(new Error('socket hang up'), unix).message,
      /closed the connection without an answer: it stopped/,
    );
  });

  it('SSH: host key, auth, refused, remote dial-stdio, DNS', () => {
    const hostKey = toEngineError(new Error('Host denied (verification failed)'), ssh, {
      skippedIdentities: [],
      hostKey: { status: 'unknown', lookedIn: ['/home/u/.ssh/known_hosts'], offered: 'ssh-ed25519 AAA' },
    });
    assert.equal(hostKey.kind, 'ssh-host-key');
    assert.match(hostKey.message, /not known \(looked in \/home\/u\/\.ssh\/known_hosts\).*ssh -p 22 deploy@h/);
    const changed = toEngineError(new Error('Host denied (verification failed)'), ssh, {
      skippedIdentities: [],
      hostKey: { status: 'mismatch', file: '/home/u/.ssh/known_hosts', offered: 'x' },
    });
    assert.match(changed.message, /does not match.*ssh-keygen -R h\b/);
    const auth = toEngineError(
      Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }),
      ssh,
      { skippedIdentities: ['/home/u/.ssh/id_rsa (passphrase-protected: add it to ssh-agent)'] },
    );
    assert.equal(auth.kind, 'ssh-auth');
    assert.match(auth.message, /no key found .*Skipped: \/home\/u\/\.ssh\/id_rsa \(passphrase-protected/);
    assert.equal(toEngineError(Object.assign(sysErr('ECONNREFUSED'), { level: 'client-socket' }), ssh).kind, 'refused');
    assert.equal(toEngineError(new Error('socket hang up'), ssh).kind, 'ssh-remote');
    assert.equal(toEngineError(Object.assign(sysErr('ENOTFOUND'), { level: 'client-dns' }), ssh).kind, 'dns');
  });

  it('timeouts and cancellation', () => {
    const timeout = Object.assign(new Error('The operation was aborted'), {
      name: 'AbortError',
      code: 'ABORT_ERR',
      cause: Object.assign(new Error('timeout'), { name: 'TimeoutError' }),
    });
    assert.equal(toEngineError(timeout, tcp).kind, 'timeout');
    assert.equal(
      toEngineError(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }), tcp).kind,
      'aborted',
    );
  });

  it('passes EngineErrors through and keeps the cause', () => {
    const e = new EngineError('aborted', 'Cancelled.');
    assert.equal(toEngineError(e, unix), e);
    const raw = sysErr('ENOENT');
    assert.equal(toEngineError(raw, unix).cause, raw);
    assert.equal(toEngineError(new Error('weird'), unix).kind, 'unknown');
  });
});
