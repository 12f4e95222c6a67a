/** The run profile (pure): decisions per engine and image, and the renderers built on it. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { namedProfile } from '../../shared/engine/containerNames';
import { factsFromApi, type EngineFacts } from '../../shared/engine/facts';
import { imageFactsFromInspect, type ImageFacts } from '../../shared/engine/image';
import {
  buildRunProfile,
  composeService,
  dockerRunCommand,
  isInitCommand,
  podmanRunCommand,
  quadletContainer,
  runArgv,
} from '../../shared/engine/runProfile';

const FIX = path.resolve(__dirname, '../../../test/fixtures/engine/api');
const dockerV1: EngineFacts = factsFromApi(
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-version.json'), 'utf8')),
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-info.json'), 'utf8')),
);
const dockerV2: EngineFacts = { ...dockerV1, cgroupVersion: 2, cgroupDriver: 'systemd', defaultCgroupns: 'private' };
const podman: EngineFacts = {
  ...dockerV1,
  engine: 'podman',
  version: '4.3.1',
  cgroupVersion: 2,
  supportsCgroupns: false,
};

const probeFound = {
  systemdPath: '/lib/systemd/systemd',
  initPaths: ['/sbin/init'],
  checked: [
    { path: '/lib/systemd/systemd', found: true },
    { path: '/sbin/init', found: true, linkTarget: '/lib/systemd/systemd' },
  ],
};
/** Like `sct/debian-systemd:bookworm`: systemd, CMD ["bash"], nothing else. */
const bare: ImageFacts = {
  ...imageFactsFromInspect(
    { Id: 'sha256:1', Config: { Cmd: ['bash'], Env: ['PATH=/usr/bin'] } },
    'sct/debian-systemd:bookworm',
  ),
  systemd: probeFound,
};

const ids = (p: ReturnType<typeof buildRunProfile>): string[] => p.decisions.map((d) => d.id);

describe('buildRunProfile on the verified engine (Docker, cgroup v1)', () => {
  const p = buildRunProfile(dockerV1, bare, { name: 'web' });

  it('supplies every flag the image lacks, with a reason each', () => {
    assert.deepEqual(ids(p), [
      'tty',
      'tmpfs-run',
      'tmpfs-run-lock',
      'tmpfs-tmp',
      'cgroupns',
      'cgroup-mount',
      'container-env',
      'stop-signal',
      'init-cmd',
    ]);
    assert.ok(p.decisions.every((d) => d.reason.length > 20 && d.verified));
    assert.deepEqual(p.warnings, []);
  });

  it('create options: exactly the verified recipe, unprivileged', () => {
    assert.equal(p.create.HostConfig?.Privileged, undefined);
    assert.deepEqual(p.create, {
      name: 'web',
      Image: 'sct/debian-systemd:bookworm',
      Tty: true,
      Env: ['container=docker'],
      StopSignal: 'SIGRTMIN+3',
      Cmd: ['/lib/systemd/systemd'],
      Labels: p.spec.labels,
      HostConfig: {
        Tmpfs: { '/run': '', '/run/lock': '', '/tmp': '' },
        Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
        CgroupnsMode: 'host',
      },
    });
  });

  it('labels: managed, profile version and JSON, source Dockerfile', () => {
    const q = buildRunProfile(dockerV1, bare, {
      source: { dockerfile: '/src/Dockerfile', context: '/src' },
      labels: { team: 'a' },
    });
    assert.equal(q.spec.labels['sct.managed'], 'true');
    assert.equal(q.spec.labels['sct.profile.version'], '1');
    assert.equal(q.spec.labels['sct.dockerfile'], '/src/Dockerfile');
    assert.equal(q.spec.labels.team, 'a');
    assert.deepEqual(JSON.parse(q.spec.labels['sct.profile']).flags, ids(q));
  });

  it('leaves out what the image already has', () => {
    const complete = { ...bare, cmd: ['/lib/systemd/systemd'], stopSignal: 'RTMIN+3', env: { container: 'docker' } };
    assert.deepEqual(ids(buildRunProfile(dockerV1, complete)), [
      'tty',
      'tmpfs-run',
      'tmpfs-run-lock',
      'tmpfs-tmp',
      'cgroupns',
      'cgroup-mount',
    ]);
    assert.equal(buildRunProfile(dockerV1, { ...complete, stopSignal: '37' }).create.StopSignal, undefined);
    const term = buildRunProfile(dockerV1, { ...complete, stopSignal: 'SIGTERM' });
    assert.equal(term.create.StopSignal, 'SIGRTMIN+3');
    assert.match(term.decisions.find((d) => d.id === 'stop-signal')!.reason, /the image says SIGTERM/);
  });

  it('a shell-form init CMD becomes exec form (SCT104)', () => {
    const q = buildRunProfile(dockerV1, { ...bare, cmd: ['/bin/sh', '-c', '/lib/systemd/systemd'] });
    assert.deepEqual(q.create.Cmd, ['/lib/systemd/systemd']);
    assert.match(q.decisions.find((d) => d.id === 'init-cmd')!.reason, /SCT104/);
  });

  it('an image without systemd: no init command, a warning naming SCT102', () => {
    const none = { ...bare, systemd: { initPaths: [], checked: [{ path: '/lib/systemd/systemd', found: false }] } };
    const q = buildRunProfile(dockerV1, none);
    assert.equal(q.create.Cmd, undefined);
    assert.match(q.warnings.join(' '), /SCT102 init-without-systemd-pkg/);
  });

  it('an image not probed: the usual path, and the reason says it was not checked', () => {
    const { systemd: _unused, ...unprobed } = bare;
    const q = buildRunProfile(dockerV1, unprobed);
    assert.deepEqual(q.create.Cmd, ['/lib/systemd/systemd']);
    assert.match(q.decisions.find((d) => d.id === 'init-cmd')!.reason, /not checked/);
  });

  it('an ENTRYPOINT that is not systemd: a warning', () => {
    const q = buildRunProfile(dockerV1, { ...bare, entrypoint: ['/entry.sh'] });
    assert.match(q.warnings.join(' '), /ENTRYPOINT \["\/entry\.sh"\]/);
  });

  it('omit leaves a flag out and says so', () => {
    const q = buildRunProfile(dockerV1, bare, { omit: ['tmpfs-run', 'stop-signal'] });
    assert.deepEqual(q.create.HostConfig?.Tmpfs, { '/run/lock': '', '/tmp': '' });
    assert.equal(q.create.StopSignal, undefined);
    assert.equal(q.warnings.filter((w) => w.startsWith('Left out on request')).length, 2);
  });

  it('privileged only when asked, then with a warning and no cgroup bind', () => {
    const q = buildRunProfile(dockerV1, bare, { privileged: true });
    assert.equal(q.create.HostConfig?.Privileged, true);
    assert.equal(q.create.HostConfig?.Binds, undefined);
    assert.match(q.warnings.join(' '), /--privileged gives the container every capability/);
  });

  it('user ports, volumes, env and extra tmpfs', () => {
    const q = buildRunProfile(dockerV1, bare, {
      publish: [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 53, protocol: 'udp' },
      ],
      volumes: [{ source: '/srv/data', target: '/data', readOnly: true }],
      env: { A: 'b c' },
      extraTmpfs: ['/var/log/journal'],
    });
    assert.deepEqual(q.create.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
    assert.deepEqual(q.create.HostConfig?.PortBindings, {
      '80/tcp': [{ HostPort: '8080' }],
      '53/udp': [{ HostPort: '' }],
    });
    assert.deepEqual(q.create.HostConfig?.Binds, ['/sys/fs/cgroup:/sys/fs/cgroup:rw', '/srv/data:/data:ro']);
    assert.deepEqual(q.create.Env, ['container=docker', 'A=b c']);
    assert.ok(q.create.HostConfig?.Tmpfs && '/var/log/journal' in q.create.HostConfig.Tmpfs);
  });
});

describe('buildRunProfile on other engines', () => {
  it(
    'Docker on cgroup v2 (from documentation, unverified): host ' + 'cgroupns and a writable bind, flagged unverified',
    () => {
      const p = buildRunProfile(dockerV2, bare);
      assert.deepEqual(p.create.HostConfig?.Binds, ['/sys/fs/cgroup:/sys/fs/cgroup:rw']);
      assert.equal((p.create.HostConfig as { CgroupnsMode?: string }).CgroupnsMode, 'host');
      assert.equal(p.decisions.find((d) => d.id === 'cgroup-mount')!.verified, false);
      assert.match(p.warnings.join(' '), /not verified on a cgroup v2 engine/);
      assert.match(buildRunProfile({ ...dockerV2, rootless: true }, bare).warnings.join(' '), /Rootless Docker/);
    },
  );

  it(
    'Podman (verified on 4.3.1 rootful, cgroup v1): systemd mode, no cgroup bind, no container= (Podman sets ' +
      'it), no stop signal (systemd mode sets it)',
    () => {
      const p = buildRunProfile(podman, bare);
      assert.equal(p.spec.systemdMode, 'always');
      assert.equal(p.create.HostConfig?.Binds, undefined);
      assert.equal(p.create.Env, undefined);
      assert.equal(p.create.StopSignal, undefined);
      assert.equal(p.create.HostConfig?.Tmpfs, undefined);
      assert.deepEqual(p.create.Cmd, ['/lib/systemd/systemd']);
      assert.deepEqual(ids(p), ['systemd-mode', 'tty', 'init-cmd']);
    },
  );
});

describe('a name given at boot (namedProfile)', () => {
  it('goes into the create call and the shown docker run line; the profile it came from keeps none', () => {
    const p = buildRunProfile(dockerV1, bare);
    const named = namedProfile(p, 'web-2');
    assert.equal(named.create.name, 'web-2');
    assert.deepEqual(runArgv(named).slice(3, 5), ['--name', 'web-2']);
    assert.equal(p.create.name, undefined);
    assert.ok(!runArgv(p).includes('--name'));
  });
});

describe('renderers', () => {
  const p = buildRunProfile(dockerV1, bare, {
    name: "my app's box",
    labels: { note: 'a "quoted" $value' },
    env: { GREETING: 'hello world' },
  });

  it('docker run: the argv, quoted so a shell gives the same argv back', () => {
    const argv = runArgv(p);
    assert.deepEqual(argv.slice(0, 16), [
      'docker',
      'run',
      '-d',
      '--name',
      "my app's box",
      '-t',
      '--tmpfs',
      '/run',
      '--tmpfs',
      '/run/lock',
      '--tmpfs',
      '/tmp',
      '--cgroupns=host',
      '-v',
      '/sys/fs/cgroup:/sys/fs/cgroup:rw',
      '--stop-signal',
    ]);
    assert.deepEqual(argv.slice(-2), ['sct/debian-systemd:bookworm', '/lib/systemd/systemd']);
    const line = dockerRunCommand(p);
    assert.ok(
      line.startsWith(
        "docker run -d --name 'my app'\\''s box' -t --tmpfs /run --tmpfs /run/lock --tmpfs /tmp " +
          '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --stop-signal SIGRTMIN+3 -e container=docker -e ' +
          "'GREETING=hello world' --label ",
      ),
      line,
    );
    const r = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), argv);
  });

  it('podman run adds --systemd=always', () => {
    const q = buildRunProfile(podman, bare, { name: 'box' });
    assert.match(podmanRunCommand(q), /^podman run -d --name box -t --systemd=always --label /);
  });

  it('compose: a service that parses back to the same settings', () => {
    const doc = parseYaml(composeService(p, 'app')) as { services: Record<string, Record<string, unknown>> };
    assert.deepEqual(doc.services.app, {
      image: 'sct/debian-systemd:bookworm',
      container_name: "my app's box",
      tty: true,
      tmpfs: ['/run', '/run/lock', '/tmp'],
      cgroup: 'host',
      volumes: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
      stop_signal: 'SIGRTMIN+3',
      environment: { container: 'docker', GREETING: 'hello world' },
      command: ['/lib/systemd/systemd'],
      labels: p.spec.labels,
    });
  });

  it('Quadlet: systemd mode through PodmanArgs, no cgroup bind, quoted values', () => {
    const text = quadletContainer(p);
    assert.match(
      text,
      /^\[Unit\]\nDescription=sct\/debian-systemd:bookworm with systemd as PID 1\n\n\[Container\]\nImage=sct\/debian-systemd:bookworm\n/,
    );
    assert.match(text, /\nPodmanArgs=--systemd=always\n/);
    assert.doesNotMatch(text, /Volume=\/sys\/fs\/cgroup/);
    assert.doesNotMatch(text, /Tmpfs=/);
    assert.match(text, /\nEnvironment="GREETING=hello world"\n/);
    assert.match(text, /\nLabel="note=a \\"quoted\\" \$\$value"\n/);
    assert.match(text, /\nExec=\/lib\/systemd\/systemd\n/);
    assert.match(text, /\[Install\]\nWantedBy=multi-user.target default.target\n$/);
  });

  it('isInitCommand knows the init names', () => {
    assert.ok(isInitCommand(['/sbin/init']));
    assert.ok(isInitCommand(['/usr/lib/systemd/systemd', '--log-level=debug']));
    assert.ok(!isInitCommand(['bash']));
    assert.ok(!isInitCommand([]));
  });
});
