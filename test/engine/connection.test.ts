/**
 * Connection resolution and clients against the real test dockerd: unix socket, DOCKER_HOST,
 * tcp:// and TLS (through loopback proxies to the same socket), Docker contexts in a temporary
 * DOCKER_CONFIG, ssh:// to the loopback sshd from .ci/sshd-setup.sh; and every unreachable
 * case with its message. Nothing shared is stopped: failures use throwaway endpoints.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect } from '../../shared/engine/connection';
import type { Endpoint, EngineSettings } from '../../shared/engine/endpoint';
import {
  EndpointResolutionError,
  contextDirName,
  nodeResolveInputs,
  resolveEndpoint,
} from '../../shared/engine/resolveEndpoint';
import { EngineError, type EngineErrorKind } from '../../shared/engine/errors';
import { execIn } from '../../shared/engine/exec';
import { fetchFacts } from '../../shared/engine/facts';
import { ENGINE_SOCKET, REPO, engineSuite, testLabels } from './helpers';
import {
  freePort,
  makeTlsMaterial,
  notAnEngine,
  silentServer,
  tcpProxy,
  tlsProxy,
  type Listening,
  type TlsMaterial,
} from './proxies';

const engine = engineSuite();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-conn-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const resolve = (env: Record<string, string>, settings: EngineSettings = {}): Endpoint =>
  resolveEndpoint(nodeResolveInputs(env), settings);

async function version(ep: Endpoint, timeoutMs = 5000): Promise<string> {
  const { docker } = await connect(ep, { timeoutMs });
  return ((await docker.version()) as { Version: string }).Version;
}

async function failsWith(ep: Endpoint, kind: EngineErrorKind, message: RegExp, timeoutMs = 3000): Promise<EngineError> {
  let caught: unknown;
  try {
    await connect(ep, { timeoutMs });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof EngineError, `expected an EngineError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.match(caught.message, message);
  return caught;
}

/** A DOCKER_CONFIG with one context (and its TLS material, if any). */
function writeContext(
  configDir: string,
  name: string,
  host: string,
  tlsFiles?: { ca: string; cert: string; key: string },
  current = true,
): void {
  const hash = contextDirName(name);
  fs.mkdirSync(path.join(configDir, 'contexts/meta', hash), { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'contexts/meta', hash, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (tlsFiles) {
    const dir = path.join(configDir, 'contexts/tls', hash, 'docker');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(tlsFiles.ca, path.join(dir, 'ca.pem'));
    fs.copyFileSync(tlsFiles.cert, path.join(dir, 'cert.pem'));
    fs.copyFileSync(tlsFiles.key, path.join(dir, 'key.pem'));
  }
  if (current)
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

describe('unix socket', () => {
  it('from the setting and from DOCKER_HOST; facts say Docker, cgroup v1', async () => {
    const fromSetting = resolve({}, { host: `unix://${ENGINE_SOCKET}` });
    assert.equal(fromSetting.source, 'setting');
    const fromEnv = resolve({ DOCKER_HOST: `unix://${ENGINE_SOCKET}` });
    assert.equal(fromEnv.source, 'DOCKER_HOST');
    assert.equal(await version(fromEnv), await version(fromSetting));
    const facts = await fetchFacts(engine.get().docker);
    assert.equal(facts.engine, 'docker');
    assert.equal(facts.cgroupVersion, 1);
    assert.equal(facts.rootless, false);
  });
});

describe('tcp:// and TLS', () => {
  let plain: Listening;
  let secure: Listening;
  let material: TlsMaterial;
  let otherCa: TlsMaterial;
  before(async () => {
    plain = await tcpProxy(ENGINE_SOCKET);
    material = makeTlsMaterial(path.join(tmp, 'tls'));
    otherCa = makeTlsMaterial(path.join(tmp, 'tls-other'), 'other');
    secure = await tlsProxy(ENGINE_SOCKET, material);
  });
  after(async () => {
    await plain.close();
    await secure.close();
  });

  it('DOCKER_HOST=tcp://127.0.0.1:<port>', async () => {
    const ep = resolve({ DOCKER_HOST: `tcp://127.0.0.1:${plain.port}` });
    assert.deepEqual(ep.transport, { kind: 'tcp', host: '127.0.0.1', port: plain.port });
    assert.match(await version(ep), /^20\.10/);
  });

  it('DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH (client certificate)', async () => {
    const certDir = path.join(tmp, 'certpath');
    fs.mkdirSync(certDir, { recursive: true });
    fs.copyFileSync(material.ca, path.join(certDir, 'ca.pem'));
    fs.copyFileSync(material.clientCert, path.join(certDir, 'cert.pem'));
    fs.copyFileSync(material.clientKey, path.join(certDir, 'key.pem'));
    const ep = resolve({
      DOCKER_HOST: `tcp://127.0.0.1:${secure.port}`,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certDir,
    });
    assert.equal(ep.transport.kind === 'tcp' && ep.transport.tls?.verify, true);
    assert.match(await version(ep), /^20\.10/);
  });

  it('a context with TLS material (contexts/tls/<sha256>/docker)', async () => {
    const configDir = path.join(tmp, 'ctx-tls');
    writeContext(configDir, 'secure-remote', `tcp://127.0.0.1:${secure.port}`, {
      ca: material.ca,
      cert: material.clientCert,
      key: material.clientKey,
    });
    const ep = resolve({ DOCKER_CONFIG: configDir });
    assert.equal(ep.source, 'current-context');
    assert.match(ep.origin, /Docker context "secure-remote"/);
    assert.match(await version(ep), /^20\.10/);
  });

  it('a server certificate from another CA: a TLS error naming the endpoint', async () => {
    const configDir = path.join(tmp, 'ctx-wrong-ca');
    writeContext(configDir, 'wrong-ca', `tcp://127.0.0.1:${secure.port}`, {
      ca: otherCa.ca,
      cert: material.clientCert,
      key: material.clientKey,
    });
    await failsWith(
      resolve({ DOCKER_CONFIG: configDir }),
      'tls',
      /TLS handshake with tcp:\/\/127\.0\.0\.1:\d+ \(from Docker context "wrong-ca".*not signed by the CA/,
    );
  });

  it('plain HTTP to the TLS port: says to enable TLS', async () => {
    const e = await failsWith(resolve({ DOCKER_HOST: `tcp://127.0.0.1:${secure.port}` }), 'unreachable', /enable TLS/);
    assert.equal(e.endpoint, `tcp://127.0.0.1:${secure.port}`);
  });
});

describe('Docker contexts (temporary DOCKER_CONFIG)', () => {
  it('currentContext in config.json → meta.json Endpoints.docker.Host', async () => {
    const configDir = path.join(tmp, 'ctx-unix');
    writeContext(configDir, 'sct-local', `unix://${ENGINE_SOCKET}`);
    const ep = resolve({ DOCKER_CONFIG: configDir });
    assert.equal(ep.source, 'current-context');
    assert.equal(ep.uri, `unix://${ENGINE_SOCKET}`);
    assert.match(ep.origin, /Docker context "sct-local" \(.*config\.json\)/);
    assert.match(await version(ep), /^20\.10/);
  });

  it('DOCKER_CONTEXT overrides config.json; DOCKER_HOST overrides both', () => {
    const configDir = path.join(tmp, 'ctx-two');
    writeContext(configDir, 'one', 'unix:///run/one.sock');
    writeContext(configDir, 'two', 'unix:///run/two.sock', undefined, false);
    assert.equal(resolve({ DOCKER_CONFIG: configDir }).uri, 'unix:///run/one.sock');
    assert.equal(resolve({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'two' }).uri, 'unix:///run/two.sock');
    assert.equal(
      resolve({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'two', DOCKER_HOST: `unix://${ENGINE_SOCKET}` }).source,
      'DOCKER_HOST',
    );
  });

  it('a context that does not exist is a clear error', () => {
    assert.throws(
      () => resolve({ DOCKER_CONFIG: path.join(tmp, 'none'), DOCKER_CONTEXT: 'ghost' }),
      (e: unknown) =>
        e instanceof EndpointResolutionError && /context "ghost".*not found.*docker context ls/s.test(e.message),
    );
  });
});

describe('ssh:// (loopback sshd from .ci/sshd-setup.sh)', () => {
  const env = readSshEnv();
  const settings = (extra: EngineSettings = {}): EngineSettings => ({
    host: env.SCT_SSH_HOST,
    sshIdentityFile: env.SCT_SSH_KEY,
    sshKnownHostsFile: env.SCT_SSH_KNOWN_HOSTS,
    ...extra,
  });

  it('connects, and exec works through the tunnel', async () => {
    const ep = resolve({}, settings());
    assert.equal(ep.transport.kind, 'ssh');
    const { docker } = await connect(ep, { timeoutMs: 10_000 });
    assert.match(((await docker.version()) as { Version: string }).Version, /^20\.10/);
    const c = await docker.createContainer({ Image: 'sct/debian:bookworm', Cmd: ['sleep', '30'], Labels: testLabels });
    try {
      await c.start();
      const r = await execIn(docker, c.id, ['sh', '-c', 'echo over ssh; echo err >&2']);
      assert.deepEqual(r, { exitCode: 0, stdout: 'over ssh\n', stderr: 'err\n' });
    } finally {
      await c.remove({ force: true });
    }
  });

  it('an unknown host key is refused (like ssh in batch mode) unless accepted explicitly', async () => {
    const home = path.join(tmp, 'empty-home');
    fs.mkdirSync(home, { recursive: true });
    const ep = resolveEndpoint(
      { ...nodeResolveInputs({}), homeDir: home },
      { host: env.SCT_SSH_HOST, sshIdentityFile: env.SCT_SSH_KEY },
    );
    await failsWith(
      ep,
      'ssh-host-key',
      /SSH host key of 127\.0\.0\.1:2222 is not known.*ssh -p 2222 sctssh@127\.0\.0\.1/,
    );
    const { docker } = await connect(ep, { acceptUnknownHostKeys: true });
    assert.ok(await docker.ping());
  });

  it('a changed host key is refused with the ssh-keygen -R hint', async () => {
    const fake = path.join(tmp, 'known_hosts_changed');
    const other = path.join(tmp, 'other_key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    fs.writeFileSync(
      fake,
      `[127.0.0.1]:2222 ${fs
        .readFileSync(other + '.pub', 'utf8')
        .split(' ')
        .slice(0, 2)
        .join(' ')}\n`,
    );
    const home = path.join(tmp, 'empty-home');
    const ep = resolveEndpoint({ ...nodeResolveInputs({}), homeDir: home }, settings({ sshKnownHostsFile: fake }));
    await failsWith(ep, 'ssh-host-key', /does not match.*ssh-keygen -R \[127\.0\.0\.1\]:2222/);
  });

  it('a user without our key: authentication fails with what was offered', async () => {
    const ep = resolve({}, settings({ host: 'ssh://nobody@127.0.0.1:2222' }));
    await failsWith(ep, 'ssh-auth', /SSH login as nobody to 127\.0\.0\.1:2222 failed \(offered .*id_ed25519\)/);
  });

  it('nothing listening on the SSH port', async () => {
    const port = await freePort();
    await failsWith(
      resolve({}, settings({ host: `ssh://sctssh@127.0.0.1:${port}` })),
      'refused',
      /Nothing accepts SSH connections at 127\.0\.0\.1:\d+/,
    );
  });
});

describe('engine unreachable (throwaway endpoints; the shared dockerd keeps running)', () => {
  it('a socket path that does not exist', async () => {
    const e = await failsWith(
      resolve({ DOCKER_HOST: 'unix:///run/sct-no-such-engine.sock' }),
      'socket-missing',
      /No engine socket at unix:\/\/\/run\/sct-no-such-engine\.sock \(from DOCKER_HOST\): the file does not exist\. Start the engine/,
    );
    assert.equal(e.endpoint, 'unix:///run/sct-no-such-engine.sock');
  });

  it('a stale socket file (nothing listening)', async () => {
    const stale = path.join(tmp, 'stale.sock');
    fs.writeFileSync(stale, '');
    await failsWith(resolve({}, { host: `unix://${stale}` }), 'refused', /exists but nothing is listening/);
  });

  it('a tcp port nobody listens on', async () => {
    const port = await freePort();
    await failsWith(
      resolve({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }),
      'refused',
      new RegExp(`Nothing is listening at tcp://127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\)`),
    );
  });

  it('a port that accepts but never answers: timeout', async () => {
    const silent = await silentServer();
    try {
      await failsWith(
        resolve({ DOCKER_HOST: `tcp://127.0.0.1:${silent.port}` }),
        'timeout',
        /did not answer in time/,
        500,
      );
    } finally {
      await silent.close();
    }
  });

  it('a web server that is not an engine', async () => {
    const web = await notAnEngine();
    try {
      await failsWith(
        resolve({ DOCKER_HOST: `tcp://127.0.0.1:${web.port}` }),
        'unknown',
        /answered HTTP 404 to \/_ping: that is not a Docker or Podman API/,
      );
    } finally {
      await web.close();
    }
  });

  it('permission denied on the socket (a user outside its group)', () => {
    // Root passes any permission check, so this runs as "nobody" in a child process.
    const script = `
      const c = require(${JSON.stringify(path.join(REPO, 'out/shared/engine/connection.js'))});
      const r = require(${JSON.stringify(path.join(REPO, 'out/shared/engine/resolveEndpoint.js'))});
      c.connect(r.resolveEndpoint(r.nodeResolveInputs({}), { host: 'unix://${ENGINE_SOCKET}' }), { timeoutMs: 3000 })
        .then(() => console.log(JSON.stringify({ ok: true })), (e) => console.log(JSON.stringify({ kind: e.kind, message: e.message })));`;
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], {
      encoding: 'utf8',
      cwd: '/',
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { kind: string; message: string };
    assert.equal(out.kind, 'permission', out.message);
    assert.match(out.message, /Permission denied on unix:\/\/\/run\/sct-docker\.sock .*usermod -aG docker/);
  });
});

function readSshEnv(): Record<string, string> {
  const file = '/run/sct-sshd.env';
  if (!fs.existsSync(file)) {
    throw new Error(
      'The ssh:// tests need the loopback sshd: run .ci/sshd-setup.sh (as root, after .ci/engine-setup.sh) ' +
        `first; ${file} is missing.`,
    );
  }
  const env: Record<string, string> = {};
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
  return env;
}
