/** Endpoint resolution (pure, with a fake machine) and known_hosts matching. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createClient } from '../../shared/engine/dockerClient';
import type { EngineSettings } from '../../shared/engine/endpoint';
import {
  EndpointResolutionError,
  contextDirName,
  parseHost,
  resolveEndpoint,
  type ResolveInputs,
} from '../../shared/engine/resolveEndpoint';
import { entryMatches, knownHostsName, knownHostsVerifier, parseKnownHosts } from '../../shared/engine/knownHosts';
import { sshAuthMethods } from '../../shared/engine/sshAuth';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A machine made of a file map: paths present are "existing", their text is their content. */
function machine(files: Record<string, string>, env: Record<string, string> = {}, uid = 1000): ResolveInputs {
  return {
    env,
    homeDir: '/home/u',
    uid,
    username: 'u',
    exists: (p) => p in files,
    readText: (p) => files[p],
  };
}
const resolve = (
  files: Record<string, string>,
  env: Record<string, string> = {},
  settings: EngineSettings = {},
  uid = 1000,
) => resolveEndpoint(machine(files, env, uid), settings);

const ctxFiles = (
  name: string,
  host: string,
  extra: { skipTls?: boolean; tls?: string[]; configDir?: string } = {},
): Record<string, string> => {
  const dir = extra.configDir ?? '/home/u/.docker';
  const hash = contextDirName(name);
  const files: Record<string, string> = {
    [`${dir}/contexts/meta/${hash}/meta.json`]: JSON.stringify({
      Name: name,
      Endpoints: { docker: { Host: host, SkipTLSVerify: extra.skipTls ?? false } },
    }),
  };
  for (const f of extra.tls ?? []) files[`${dir}/contexts/tls/${hash}/docker/${f}`] = 'pem';
  return files;
};

describe('resolveEndpoint: the docker CLI order', () => {
  it('context directories are the SHA-256 of the name (docker/cli context store)', () => {
    assert.equal(contextDirName('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('nothing set: the default socket', () => {
    const ep = resolve({ '/var/run/docker.sock': '' });
    assert.deepEqual([ep.uri, ep.source], ['unix:///var/run/docker.sock', 'default-socket']);
  });

  it('the setting wins over DOCKER_HOST and contexts', () => {
    const ep = resolve(
      { '/home/u/.docker/config.json': '{"currentContext":"x"}' },
      { DOCKER_HOST: 'tcp://a:1' },
      { host: 'unix:///run/mine.sock' },
    );
    assert.deepEqual([ep.uri, ep.source, ep.origin], ['unix:///run/mine.sock', 'setting', 'the engine host setting']);
  });

  it('DOCKER_HOST forms: unix, tcp with and without port, bare host:port, ssh, IPv6', () => {
    assert.deepEqual(resolve({}, { DOCKER_HOST: 'unix:///run/d.sock' }).transport, {
      kind: 'unix',
      socketPath: '/run/d.sock',
    });
    assert.deepEqual(resolve({}, { DOCKER_HOST: 'tcp://10.0.0.5' }).transport, {
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
    });
    assert.deepEqual(resolve({}, { DOCKER_HOST: '10.0.0.5:2380' }).transport, {
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2380,
    });
    assert.equal(resolve({}, { DOCKER_HOST: 'tcp://[::1]:2375' }).uri, 'tcp://[::1]:2375');
    const ssh = resolve(
      { '/home/u/.ssh/id_rsa': 'k', '/home/u/.ssh/known_hosts': '' },
      { DOCKER_HOST: 'ssh://deploy@build.example' },
    );
    assert.deepEqual(ssh.transport, {
      kind: 'ssh',
      host: 'build.example',
      port: 22,
      username: 'deploy',
      identityFiles: ['/home/u/.ssh/id_rsa'],
      knownHostsFiles: ['/home/u/.ssh/known_hosts'],
    });
    const me = resolve({}, { DOCKER_HOST: 'ssh://build.example:2200', SSH_AUTH_SOCK: '/tmp/agent' });
    assert.deepEqual(me.transport, {
      kind: 'ssh',
      host: 'build.example',
      port: 2200,
      username: 'u',
      identityFiles: [],
      knownHostsFiles: [],
      agentSocket: '/tmp/agent',
    });
  });

  it('TLS from DOCKER_TLS_VERIFY (any non-empty value, as the CLI) and DOCKER_CERT_PATH', () => {
    const files = { '/certs/ca.pem': '', '/certs/cert.pem': '', '/certs/key.pem': '' };
    const ep = resolve(files, { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    assert.deepEqual(ep.transport, {
      kind: 'tcp',
      host: 'h',
      port: 2376,
      tls: { verify: true, ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
    });
    const noVerify = resolve({}, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1' });
    assert.deepEqual(noVerify.transport, { kind: 'tcp', host: 'h', port: 2376, tls: { verify: false } });
    // Without DOCKER_CERT_PATH the CLI looks in its config directory.
    const home = resolve({ '/home/u/.docker/ca.pem': '' }, { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1' });
    assert.deepEqual(home.transport.kind === 'tcp' && home.transport.tls, {
      verify: true,
      ca: '/home/u/.docker/ca.pem',
    });
  });

  it('bad addresses are explained', () => {
    assert.throws(
      () => resolve({}, { DOCKER_HOST: 'unix://' }),
      /DOCKER_HOST: "unix:\/\/" is not a usable engine address \(empty socket path\)/,
    );
    assert.throws(() => resolve({}, { DOCKER_HOST: 'npipe:////./pipe/docker_engine' }), /Windows named pipes/);
    assert.throws(() => resolve({}, { DOCKER_HOST: 'ftp://h' }), /unsupported scheme ftp/);
    assert.throws(() => resolve({}, { DOCKER_HOST: 'tcp://h:2375/path' }), /unexpected path/);
  });

  it('the current context from config.json (DOCKER_CONFIG overrides ~/.docker)', () => {
    const files = {
      '/cfg/config.json': '{"currentContext":"prod"}',
      ...ctxFiles('prod', 'tcp://prod.example:2376', { configDir: '/cfg', tls: ['ca.pem', 'cert.pem', 'key.pem'] }),
    };
    const ep = resolve(files, { DOCKER_CONFIG: '/cfg' });
    assert.equal(ep.source, 'current-context');
    assert.equal(ep.origin, 'Docker context "prod" (/cfg/config.json)');
    const dir = `/cfg/contexts/tls/${contextDirName('prod')}/docker`;
    assert.deepEqual(ep.transport, {
      kind: 'tcp',
      host: 'prod.example',
      port: 2376,
      tls: { verify: true, ca: `${dir}/ca.pem`, cert: `${dir}/cert.pem`, key: `${dir}/key.pem` },
    });
  });

  it('a context without TLS material is plain tcp; SkipTLSVerify turns TLS on without verification', () => {
    assert.deepEqual(
      resolve({ '/home/u/.docker/config.json': '{"currentContext":"a"}', ...ctxFiles('a', 'tcp://a:2375') }).transport,
      { kind: 'tcp', host: 'a', port: 2375 },
    );
    const skip = resolve({
      '/home/u/.docker/config.json': '{"currentContext":"b"}',
      ...ctxFiles('b', 'tcp://b', { skipTls: true }),
    });
    assert.deepEqual(skip.transport, { kind: 'tcp', host: 'b', port: 2376, tls: { verify: false } });
  });

  it('order: DOCKER_HOST beats DOCKER_CONTEXT beats currentContext; "default" means no context', () => {
    const files = {
      '/home/u/.docker/config.json': '{"currentContext":"a"}',
      ...ctxFiles('a', 'unix:///a.sock'),
      ...ctxFiles('b', 'unix:///b.sock'),
    };
    assert.equal(resolve(files).uri, 'unix:///a.sock');
    assert.equal(resolve(files, { DOCKER_CONTEXT: 'b' }).uri, 'unix:///b.sock');
    assert.equal(resolve(files, { DOCKER_CONTEXT: 'b' }).source, 'DOCKER_CONTEXT');
    assert.equal(resolve(files, { DOCKER_CONTEXT: 'b', DOCKER_HOST: 'unix:///h.sock' }).uri, 'unix:///h.sock');
    assert.equal(resolve(files, {}, { context: 'b' }).source, 'setting-context');
    assert.equal(
      resolve({ '/home/u/.docker/config.json': '{"currentContext":"default"}', '/var/run/docker.sock': '' }).source,
      'default-socket',
    );
    assert.equal(resolve(files, { DOCKER_CONTEXT: 'default' }).uri, 'unix:///var/run/docker.sock');
  });

  it('broken context data is an error that names the file', () => {
    assert.throws(
      () => resolve({}, { DOCKER_CONTEXT: 'gone' }),
      (e: unknown) => e instanceof EndpointResolutionError && /context "gone".*not found/.test(e.message),
    );
    const hash = contextDirName('bad');
    assert.throws(
      () => resolve({ [`/home/u/.docker/contexts/meta/${hash}/meta.json`]: '{' }, { DOCKER_CONTEXT: 'bad' }),
      /is not valid JSON/,
    );
    assert.throws(
      () =>
        resolve({ [`/home/u/.docker/contexts/meta/${hash}/meta.json`]: '{"Endpoints":{}}' }, { DOCKER_CONTEXT: 'bad' }),
      /has no Endpoints\.docker\.Host/,
    );
  });

  it('an unreadable config.json is noted, not fatal', () => {
    const ep = resolve({ '/home/u/.docker/config.json': 'not json', '/var/run/docker.sock': '' });
    assert.equal(ep.source, 'default-socket');
    assert.match(ep.notes.join(' '), /config\.json is not valid JSON/);
  });
});

describe('resolveEndpoint: Podman sockets', () => {
  it("when Docker's socket is absent: the rootless socket of the user", () => {
    const ep = resolve({ '/run/user/1000/podman/podman.sock': '' }, { XDG_RUNTIME_DIR: '/run/user/1000' });
    assert.deepEqual(
      [ep.uri, ep.source, ep.engineHint],
      ['unix:///run/user/1000/podman/podman.sock', 'podman-rootless', 'podman'],
    );
    assert.match(ep.notes.join(' '), /\/var\/run\/docker\.sock does not exist/);
  });

  it('root prefers the rootful socket', () => {
    const files = { '/run/podman/podman.sock': '', '/run/user/0/podman/podman.sock': '' };
    assert.equal(resolve(files, { XDG_RUNTIME_DIR: '/run/user/0' }, {}, 0).source, 'podman-rootful');
  });

  it('engine "podman" skips Docker even when its socket exists; CONTAINER_HOST first', () => {
    const files = { '/var/run/docker.sock': '', '/run/podman/podman.sock': '' };
    assert.equal(resolve(files, {}, { engine: 'podman' }, 0).source, 'podman-rootful');
    assert.equal(resolve(files, { CONTAINER_HOST: 'unix:///x.sock' }, { engine: 'podman' }).source, 'CONTAINER_HOST');
  });

  it('engine "podman" without any socket: the preferred one, with how to start it', () => {
    const ep = resolve({}, { XDG_RUNTIME_DIR: '/run/user/1000' }, { engine: 'podman' });
    assert.equal(ep.uri, 'unix:///run/user/1000/podman/podman.sock');
    assert.match(ep.notes.join(' '), /systemctl --user enable --now podman\.socket/);
  });

  it("nothing anywhere: Docker's default socket, with everything that was looked at", () => {
    const ep = resolve({}, { XDG_RUNTIME_DIR: '/run/user/1000' });
    assert.equal(ep.uri, 'unix:///var/run/docker.sock');
    assert.match(
      ep.notes.join(' | '),
      /\/var\/run\/docker\.sock does not exist \| no Podman socket at \/run\/user\/1000\/podman\/podman\.sock or \/run\/podman\/podman\.sock/,
    );
  });

  it('engine "docker": never Podman', () => {
    assert.equal(
      resolve({ '/run/podman/podman.sock': '' }, {}, { engine: 'docker' }).uri,
      'unix:///var/run/docker.sock',
    );
  });
});

describe('parseHost and createClient', () => {
  it('the SSH identity and known_hosts settings come first', () => {
    const t = parseHost('ssh://a@h', {
      inputs: machine({ '/k': '', '/kh': '', '/home/u/.ssh/id_ed25519': '' }),
      settings: { sshIdentityFile: '/k', sshKnownHostsFile: '/kh' },
      origin: 'x',
    });
    assert.deepEqual(t.kind === 'ssh' && [t.identityFiles, t.knownHostsFiles], [
      ['/k', '/home/u/.ssh/id_ed25519'],
      ['/kh'],
    ]);
  });

  it("createClient sets every connection option, so docker-modem's own env defaults cannot leak in", () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://leaked.example:2375';
    let modem: { socketPath?: string; host?: string; protocol?: string };
    try {
      modem = createClient(resolve({}, {}, { host: 'unix:///run/x.sock' })).modem as unknown as typeof modem;
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    assert.deepEqual([modem.socketPath, modem.host, modem.protocol], ['/run/x.sock', undefined, 'http']);
    const tcp = createClient(resolve({}, { DOCKER_HOST: 'tcp://h:1' })).modem as unknown as {
      socketPath?: string;
      host?: string;
      port?: number;
    };
    assert.deepEqual([tcp.socketPath, tcp.host, tcp.port], [undefined, 'h', 1]);
  });
});

describe('known_hosts', () => {
  const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIGp6Kk0dVOFOxgQxkLgu5TCDh6UqTGA4JvX0Xb7o2vYy';
  const blob = Buffer.from(KEY, 'base64');

  it('parses markers and comments, and names non-22 ports [host]:port', () => {
    const e = parseKnownHosts(`# c\n@revoked h ssh-ed25519 ${KEY}\nh,10.0.0.1 ssh-ed25519 ${KEY} comment\n\n`);
    assert.deepEqual(
      e.map((x) => [x.marker, x.patterns]),
      [
        ['@revoked', 'h'],
        [undefined, 'h,10.0.0.1'],
      ],
    );
    assert.equal(knownHostsName('h', 22), 'h');
    assert.equal(knownHostsName('h', 2222), '[h]:2222');
  });

  it('matches plain, wildcard, negated and hashed entries', () => {
    assert.ok(entryMatches('h,10.0.0.1', '10.0.0.1'));
    assert.ok(entryMatches('*.example.com', 'build.example.com'));
    assert.ok(!entryMatches('*.example.com,!build.example.com', 'build.example.com'));
    const salt = Buffer.from('0123456789abcdef0123');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:2222').digest('base64')}`;
    assert.ok(entryMatches(hashed, '[h]:2222'));
    assert.ok(!entryMatches(hashed, 'h'));
  });

  it('verifier: known, unknown, changed, revoked, accepted-unknown', () => {
    const files: Record<string, string> = {
      '/ok': `[h]:2222 ssh-ed25519 ${KEY}\n`,
      '/changed': `[h]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther\n`,
      '/revoked': `@revoked [h]:2222 ssh-ed25519 ${KEY}\n`,
      '/rsa-only': `[h]:2222 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\n`,
    };
    const check = (file: string[], acceptUnknown = false) => {
      const v = knownHostsVerifier({ host: 'h', port: 2222, files: file, readText: (p) => files[p], acceptUnknown });
      return [v.verifier(blob), v.result.check.status];
    };
    assert.deepEqual(check(['/ok']), [true, 'known']);
    assert.deepEqual(check([]), [false, 'unknown']);
    assert.deepEqual(check(['/changed']), [false, 'mismatch']);
    assert.deepEqual(check(['/revoked']), [false, 'revoked']);
    assert.deepEqual(check(['/rsa-only']), [false, 'unknown'], 'a key of another type is not a changed key');
    assert.deepEqual(check([], true), [true, 'accepted-unknown']);
  });
});

describe('SSH authentication methods', () => {
  it('agent first, then unencrypted keys; passphrase-protected and unreadable keys are skipped and reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-keys-'));
    try {
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'plain')]);
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', path.join(dir, 'locked')]);
      const diag = { skippedIdentities: [] as string[] };
      const files = [path.join(dir, 'locked'), path.join(dir, 'plain'), path.join(dir, 'missing')];
      const methods = sshAuthMethods(
        {
          kind: 'ssh',
          host: 'h',
          port: 22,
          username: 'u',
          identityFiles: files,
          knownHostsFiles: [],
          agentSocket: '/tmp/agent',
        },
        (p) => fs.readFileSync(p),
        diag,
      );
      assert.deepEqual(
        methods.map((m) => m.type),
        ['agent', 'publickey'],
      );
      assert.deepEqual(diag.skippedIdentities, [
        `${files[0]} (passphrase-protected: add it to ssh-agent)`,
        `${files[2]} (unreadable)`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
