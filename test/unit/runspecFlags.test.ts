/**
 * The docker/podman/compose command-line parser: every spelling of the options the rules read,
 * the option tables against their sources (docker --help, podman's man pages) when those are on
 * the machine, Exec lines in units (prefixes, continuations, `sh -c`), and the RunSpec ↔ run
 * profile comparison.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { initLinter } from '../../server/src/lint';
import {
  parseInvocation,
  type Arg,
  type ComposeInvocation,
  type EngineInvocation,
} from '../../server/src/runspec/commandLine';
import { DOCKER_FLAGS, PODMAN_FLAGS, type FlagTable, type Verb } from '../../server/src/runspec/flagTable';
import { compareWithProfile, profileView, type ProfileRunSpec, type RunSpec } from '../../shared/runSpec';
import { unitContainerCommands } from '../../server/src/runspec/unitCommands';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';

before(() => initLinter());

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Split a command line on spaces (tests only use plain words) into args. */
function args(line: string): Arg[] {
  let col = 0;
  return line.split(' ').map((value) => {
    const a = {
      value,
      range: { start: { line: 0, character: col }, end: { line: 0, character: col + value.length } },
      ...(value.startsWith('$') ? { dynamic: true, splat: true } : {}),
    };
    col += value.length + 1;
    return a;
  });
}

function engine(line: string): EngineInvocation {
  const inv = parseInvocation(args(line));
  assert.ok(inv && inv.kind === 'engine', line);
  return inv;
}

function spec(line: string): RunSpec {
  const s = engine(line).spec;
  assert.ok(s, line);
  return s;
}

const mounts = (s: RunSpec) => s.mounts.map((m) => [m.kind, m.source ?? null, m.target, m.readOnly]);

describe('docker/podman run options, every spelling', () => {
  it('--tmpfs=/run, --tmpfs /run, options after a colon', () => {
    assert.deepEqual(mounts(spec('docker run --tmpfs=/run --tmpfs /run/lock --tmpfs /tmp:rw,size=64m img')), [
      ['tmpfs', null, '/run', false],
      ['tmpfs', null, '/run/lock', false],
      ['tmpfs', null, '/tmp', false],
    ]);
    assert.deepEqual(spec('docker run --tmpfs /tmp:rw,size=64m img').mounts[0].options, ['rw', 'size=64m']);
  });

  it('--mount type=tmpfs,destination=/run and other --mount spellings', () => {
    assert.deepEqual(
      mounts(
        spec(
          'docker run --mount type=tmpfs,destination=/run --mount=type=tmpfs,dst=/run/lock --mount ' +
            'type=bind,source=/sys/fs/cgroup,target=/sys/fs/cgroup,readonly --mount ' +
            'type=bind,src=/a,target=/b,ro=false img',
        ),
      ),
      [
        ['tmpfs', null, '/run', false],
        ['tmpfs', null, '/run/lock', false],
        ['bind', '/sys/fs/cgroup', '/sys/fs/cgroup', true],
        ['bind', '/a', '/b', false],
      ],
    );
  });

  it('-v, --volume, --volume=, -vVALUE, anonymous and named volumes', () => {
    assert.deepEqual(
      mounts(
        spec(
          'docker run -v /sys/fs/cgroup:/sys/fs/cgroup:ro --volume /a:/b --volume=/c:/d:rw,z -v/e:/f -v /data ' +
            '-v named:/g img',
        ),
      ),
      [
        ['bind', '/sys/fs/cgroup', '/sys/fs/cgroup', true],
        ['bind', '/a', '/b', false],
        ['bind', '/c', '/d', false],
        ['bind', '/e', '/f', false],
        ['volume', null, '/data', false],
        ['volume', 'named', '/g', false],
      ],
    );
    assert.equal(spec('docker run --volume=/c:/d:rw,z img').mounts[0].mode, 'rw');
  });

  it('--cgroupns, --stop-signal, -e/--env (with and without value), --env-file', () => {
    const s = spec(
      'docker run --cgroupns=host --stop-signal SIGRTMIN+3 -e container=docker -eA=1 --env B --env=C=3 -e=D=4 ' +
        '--env-file ./x.env img',
    );
    assert.equal(s.cgroupns?.value, 'host');
    assert.equal(s.stopSignal?.value, 'SIGRTMIN+3');
    assert.deepEqual(
      s.env.map((e) => [e.name, e.value ?? null]),
      [
        ['container', 'docker'],
        ['A', '1'],
        ['B', null],
        ['C', '3'],
        ['D', '4'],
      ],
    );
    assert.deepEqual(
      s.envFiles.map((e) => e.value),
      ['./x.env'],
    );
    assert.equal(spec('docker run --cgroupns private --stop-signal=37 img').stopSignal?.value, '37');
  });

  it('combined short flags: -dit, -itd, -dp 80:80, -dv /a:/b, -p80:80', () => {
    const s = spec('docker run -dit img');
    assert.deepEqual([s.detach?.value, s.interactive?.value, s.tty?.value], [true, true, true]);
    const p = spec('docker run -dp 80:80 -dv /a:/b -p8080:8080 img cmd');
    assert.equal(p.detach?.value, true);
    assert.deepEqual(
      p.ports.map((x) => x.value),
      ['80:80', '8080:8080'],
    );
    assert.deepEqual(mounts(p), [['bind', '/a', '/b', false]]);
    assert.equal(p.image?.value, 'img');
    assert.deepEqual(p.command?.value, ['cmd']);
  });

  it('--rm, --rm=false, --restart, --name x, --name=x, --privileged(=false), -d=false', () => {
    const s = spec('docker run --rm --restart=always --name x --privileged img');
    assert.deepEqual(
      [s.remove?.value, s.restart?.value, s.name?.value, s.privileged?.value],
      [true, 'always', 'x', true],
    );
    const t = spec('docker run --rm=false --restart unless-stopped --name=y --privileged=false -d=false img');
    assert.deepEqual(
      [t.remove?.value, t.restart?.value, t.name?.value, t.privileged?.value, t.detach?.value],
      [false, 'unless-stopped', 'y', false, false],
    );
  });

  it('--net/--network, --init, -h, podman --systemd, --sdnotify, --replace', () => {
    assert.equal(spec('docker run --net host img').network?.value, 'host');
    assert.equal(spec('docker run --network=host img').network?.value, 'host');
    const p = spec('podman run --systemd=always --sdnotify conmon --replace --init -h box img');
    assert.deepEqual(
      [p.engine, p.systemd?.value, p.sdnotify?.value, p.replace?.value, p.init?.value, p.hostname?.value],
      ['podman', 'always', 'conmon', true, true, 'box'],
    );
    assert.equal(spec('podman run --systemd true img').systemd?.value, 'true');
  });

  it('the image ends the options: what follows is the command, even when it looks like options', () => {
    const s = spec('docker run -d img /sbin/init --log-level=debug -v');
    assert.equal(s.image?.value, 'img');
    assert.deepEqual(s.command?.value, ['/sbin/init', '--log-level=debug', '-v']);
    assert.equal(s.mounts.length, 0);
    const dd = spec('docker run -d -- img -x');
    assert.equal(dd.image?.value, 'img');
  });

  it('global options before the verb, docker container run, /usr/bin/env', () => {
    const a = engine('/usr/bin/docker -H unix:///run/x.sock --context c run -d img');
    assert.deepEqual([a.verb, a.spec?.detach?.value, a.spec?.image?.value], ['run', true, 'img']);
    assert.equal(engine('docker container run --rm img').spec?.remove?.value, true);
    assert.equal(engine('podman --log-level=debug --root /x create --name n img').spec?.name?.value, 'n');
    assert.equal(engine('/usr/bin/env -i A=1 docker run img').spec?.image?.value, 'img');
    assert.equal(parseInvocation(args('/bin/echo run')), undefined);
  });

  it('unknown options and $VAR splats make the spec incomplete', () => {
    assert.equal(spec('docker run --some-future-flag img').incomplete, true);
    assert.equal(spec('docker run $OPTS img').incomplete, true);
    assert.equal(spec('docker run --rm img').incomplete, false);
  });

  it('stop/rm/kill/start take options anywhere', () => {
    const stop = engine('docker stop -t 2 x');
    assert.deepEqual(
      stop.parsed.positionals.map((p) => p.value),
      ['x'],
    );
    const rm = engine('podman rm -f x --ignore');
    assert.deepEqual(
      [rm.parsed.positionals.map((p) => p.value), rm.parsed.options.map((o) => o.name)],
      [['x'], ['force', 'ignore']],
    );
    const start = engine('docker start --attach=true --interactive=false x');
    assert.deepEqual(
      start.parsed.options.map((o) => [o.name, o.value]),
      [
        ['attach', 'true'],
        ['interactive', 'false'],
      ],
    );
  });

  it('docker-compose and docker compose', () => {
    const up = parseInvocation(
      args('/usr/local/bin/docker-compose --compatibility -f a.yml up -d'),
    ) as ComposeInvocation;
    assert.deepEqual(
      [up.kind, up.tool, up.verb, up.parsed?.options.map((o) => o.name)],
      ['compose', 'docker-compose', 'up', ['detach']],
    );
    const down = parseInvocation(args('docker compose -p proj down -v -t 60')) as ComposeInvocation;
    assert.deepEqual(
      [down.tool, down.verb, down.parsed?.options.map((o) => [o.name, o.value])],
      [
        'docker compose',
        'down',
        [
          ['volumes', 'true'],
          ['timeout', '60'],
        ],
      ],
    );
    const long = parseInvocation(args('docker-compose down --volumes')) as ComposeInvocation;
    assert.equal(long.parsed?.options[0].name, 'volumes');
  });
});

describe('Exec lines in units', () => {
  const cmds = (text: string) => unitContainerCommands(parseUnitFile(text));

  it('prefixes, continuations and word ranges', () => {
    const c = cmds('[Service]\nExecStart=-/usr/bin/docker run \\\n   --rm --name %N \\\n   img\n')[0];
    assert.equal(c.exec.ignoreFailure, true);
    const inv = c.invocation as EngineInvocation;
    assert.deepEqual([inv.spec?.name?.value, inv.spec?.remove?.value, inv.spec?.image?.value], ['%N', true, 'img']);
    assert.deepEqual(inv.spec?.name?.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 17 } });
  });

  it('sh -c wrappers: inner commands with ranges inside the quotes; `a || b` is conditional', () => {
    const text =
      '[Service]\nExecStartPre=/bin/bash -c "/usr/bin/docker inspect p || /usr/bin/docker run -d --name p img"\n';
    const found = cmds(text);
    assert.equal(found.length, 2);
    const run = found[1];
    assert.equal(run.shell, true);
    assert.equal(run.conditional, true);
    const inv = run.invocation as EngineInvocation;
    assert.equal(inv.spec?.name?.value, 'p');
    const line = text.split('\n')[1];
    assert.equal(line.slice(inv.verbArg.range.start.character, inv.verbArg.range.end.character), 'run');
  });

  it('Environment= values feed the options; unknown variables are dynamic', () => {
    const found = cmds(
      '[Service]\nEnvironment=IMG=nginx NAME=web\nExecStart=/usr/bin/podman run --name ${NAME} $IMG\n',
    );
    const s = (found[0].invocation as EngineInvocation).spec!;
    assert.deepEqual([s.name?.value, s.image?.value], ['web', 'nginx']);
    const unknown = cmds('[Service]\nExecStart=/usr/bin/podman run $OPTS img\n');
    assert.equal((unknown[0].invocation as EngineInvocation).spec?.incomplete, true);
  });

  it('ignores Exec lines outside [Service] and commands that are not container CLIs', () => {
    assert.equal(cmds('[Unit]\nExecStart=/usr/bin/docker run x\n[Service]\nExecStart=/bin/true\n').length, 0);
  });
});

describe('RunSpec and the run profile', () => {
  it('profileView reduces a written spec to the profile fields; compareWithProfile names the differences', () => {
    const written = spec(
      'docker run -d -t --name box --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:ro -e ' +
        'container=docker -p 8080:80 img /lib/systemd/systemd',
    );
    const view = profileView(written);
    assert.deepEqual(view.binds, [{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'ro' }]);
    assert.deepEqual(view.ports, [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }]);
    const profile: ProfileRunSpec = {
      ...view,
      cgroupns: 'host',
      binds: [{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' }],
      stopSignal: 'SIGRTMIN+3',
      tmpfs: ['/run/lock', '/run'],
    };
    assert.deepEqual(
      compareWithProfile(profile, written).map((d) => d.field),
      ['binds', 'cgroupns', 'stopSignal'],
    );
  });
});

// ------------------------------------------------------------------------------ tables vs sources

function dockerHelpTable(argv: string[]): FlagTable | undefined {
  // With a daemon at hand the CLI hides the flags its API version lacks: ask with none, for the whole table.
  const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/sct-no-daemon.sock', DOCKER_CONTEXT: '' };
  const r = spawnSync('docker', [...argv, '--help'], { encoding: 'utf8', env });
  if (r.status !== 0) return undefined;
  const long = new Map<string, boolean>();
  const short = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\s+(?:-([a-zA-Z]), )?--([a-z0-9-]+)(?: ([a-z0-9-]+))?(?:\s{2,}|$)/.exec(line);
    if (!m) continue;
    long.set(m[2], !!m[3]);
    if (m[1]) short.set(m[1], m[2]);
  }
  return { long, short };
}

const PODMAN_DEB = '/var/cache/sct-manpages/debs/podman_5.4.2+ds1-2+b2_amd64.deb';

function podmanManTable(root: string, page: string): FlagTable {
  const roff = zlib.gunzipSync(fs.readFileSync(`${root}/usr/share/man/man1/${page}.1.gz`)).toString('utf8');
  const long = new Map<string, boolean>();
  const short = new Map<string, string>();
  for (const raw of roff.split('\n')) {
    if (!raw.startsWith('.SS ')) continue;
    const line = raw
      .slice(4)
      .replace(/\\f[BIPR]/g, '')
      .replace(/\\&/g, '')
      .replace(/\\-/g, '-');
    if (!line.startsWith('--')) continue;
    const head = line.split('=')[0];
    const takes = line.includes('=');
    const names = head.split(',').map((s) => s.trim());
    const main = names.find((n) => n.startsWith('--'))!.slice(2);
    if (!/^[a-z0-9-]+$/.test(main)) continue; // example headings such as "--permissive flag, use …"
    long.set(main, takes);
    const alias = /,\s*--([a-z0-9-]+)\s*$/.exec(line.includes('=') ? line.slice(line.indexOf('=')) : '');
    if (alias) long.set(alias[1], takes);
    for (const n of names) if (/^-[a-zA-Z]$/.test(n)) short.set(n[1], main);
  }
  return { long, short };
}

describe('option tables against their sources', () => {
  const version = spawnSync('docker', ['--version'], { encoding: 'utf8' });
  const dockerOk = version.status === 0 && /\b28\.2\.2\b/.test(version.stdout);
  it(
    'docker 28.2.2 --help of run/create/start/stop/rm/kill and the global options',
    { skip: dockerOk ? false : 'Docker CLI 28.2.2 not installed' },
    () => {
      for (const verb of ['global', 'run', 'create', 'start', 'stop', 'rm', 'kill'] as Verb[]) {
        const help = dockerHelpTable(verb === 'global' ? [] : [verb])!;
        const ours = DOCKER_FLAGS[verb];
        for (const [name, takes] of help.long) assert.equal(ours.long.get(name), takes, `docker ${verb} --${name}`);
        for (const [s, l] of help.short) assert.equal(ours.short.get(s), l, `docker ${verb} -${s}`);
        const hidden = [...ours.long.keys()].filter((n) => !help.long.has(n));
        assert.ok(
          hidden.every((n) => ['net', 'net-alias', 'dns-opt'].includes(n)),
          `only the documented hidden aliases are extra: ${hidden}`,
        );
      }
    },
  );
  it(
    'podman 5.4.2 man pages podman-run/create/start/stop/rm/kill(1)',
    { skip: fs.existsSync(PODMAN_DEB) ? false : `${PODMAN_DEB} not cached (.ci/manpages-setup.sh)` },
    () => {
      const root = fs.mkdtempSync('/tmp/sct-podman-');
      try {
        assert.equal(spawnSync('dpkg-deb', ['-x', PODMAN_DEB, root]).status, 0);
        for (const verb of ['run', 'create', 'start', 'stop', 'rm', 'kill'] as Verb[]) {
          const man = podmanManTable(root, `podman-${verb}`);
          const ours = PODMAN_FLAGS[verb];
          assert.deepEqual([...ours.long.keys()].sort(), [...man.long.keys()].sort(), `podman ${verb}`);
          for (const [name, takes] of man.long) assert.equal(ours.long.get(name), takes, `podman ${verb} --${name}`);
          assert.deepEqual([...ours.short].sort(), [...man.short].sort());
        }
        const globals = podmanManTable(root, 'podman');
        for (const [name, takes] of globals.long) {
          const corrected = ['config', 'conmon', 'connection'].includes(name) ? true : takes;
          assert.equal(PODMAN_FLAGS.global.long.get(name), corrected, `podman --${name}`);
        }
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  );
  it('tables are consistent: every short letter names a known long option', () => {
    for (const tables of [DOCKER_FLAGS, PODMAN_FLAGS]) {
      for (const [verb, t] of Object.entries(tables))
        for (const [s, l] of t.short) assert.ok(t.long.has(l), `${verb} -${s} → --${l}`);
    }
    assert.ok(R);
  });
});
