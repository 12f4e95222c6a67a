/**
 * Preflight (pure parts): the cgroup arrangement per host layout and systemd release, the
 * prediction and its reasons, reading systemd's version from an image's files, the tar reader,
 * and the diagnosis of systemd ≥ 258's refusal of cgroup v1. The boots behind each rule are in
 * test/engine/bootMatrix.test.ts and docs/run-profile.md.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../../shared/engine/diagnosis';
import { factsFromApi, type EngineFacts } from '../../shared/engine/facts';
import {
  imageFactsFromInspect,
  versionFromBinary,
  versionFromDpkgStatus,
  type ImageFacts,
  type SystemdProbe,
} from '../../shared/engine/image';
import { predictBoot } from '../../shared/engine/preflight';
import { presentFlags } from '../../shared/engine/rerun';
import {
  buildRunProfile,
  chooseCgroupArrangement,
  composeService,
  quadletContainer,
  runArgv,
} from '../../shared/engine/runProfile';
import { readTar } from '../../shared/engine/tar';

const FIX = path.resolve(__dirname, '../../../test/fixtures/engine/api');
const v1: EngineFacts = factsFromApi(
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-version.json'), 'utf8')),
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-info.json'), 'utf8')),
);
const hybrid: EngineFacts = { ...v1, cgroupLayout: 'hybrid' };
const legacy: EngineFacts = { ...v1, cgroupLayout: 'legacy' };
const v2: EngineFacts = { ...v1, cgroupVersion: 2, cgroupLayout: 'unified', defaultCgroupns: 'private' };
const podmanV1: EngineFacts = { ...v1, engine: 'podman', supportsCgroupns: false };

function probe(version?: number, extra: Partial<SystemdProbe> = {}): SystemdProbe {
  return {
    systemdPath: '/lib/systemd/systemd',
    initPaths: ['/sbin/init'],
    checked: [
      { path: '/lib/systemd/systemd', found: true },
      { path: '/usr/lib/systemd/systemd', found: true },
      { path: '/sbin/init', found: true, linkTarget: '/lib/systemd/systemd' },
      { path: '/usr/sbin/init', found: true, linkTarget: '/lib/systemd/systemd' },
    ],
    masked: [],
    ...(version !== undefined ? { version, versionSource: 'test' } : {}),
    ...extra,
  };
}
const image = (p: SystemdProbe | undefined, cmd = ['bash']): ImageFacts => ({
  ...imageFactsFromInspect({ Id: 'sha256:1', Config: { Cmd: cmd } }, 'img'),
  ...(p ? { systemd: p } : {}),
});
const predict = (engine: EngineFacts, img: ImageFacts) => predictBoot(engine, img, buildRunProfile(engine, img), {});

describe('cgroup arrangement: host layout × systemd release', () => {
  it('hybrid v1 host: the host cgroup2 hierarchy as /sys/fs/cgroup, for every release', () => {
    for (const version of [252, 257, 262, undefined]) {
      const c = chooseCgroupArrangement(hybrid, version);
      assert.equal(c.arrangement, 'unified-bind');
      assert.deepEqual(c.bind, { source: '/sys/fs/cgroup/unified', target: '/sys/fs/cgroup', mode: 'rw' });
      assert.equal(c.cannotBoot, undefined);
      assert.ok(c.verified);
    }
  });

  it('pure v1 host: the v1 tree; systemd ≥ 258 cannot boot, and the host change is named', () => {
    assert.equal(chooseCgroupArrangement(legacy, 257).arrangement, 'v1-tree');
    assert.equal(chooseCgroupArrangement(legacy, 257).cannotBoot, undefined);
    assert.match(chooseCgroupArrangement(legacy, 257).warnings.join(' '), /257 deprecates cgroup v1/);
    const c = chooseCgroupArrangement(legacy, 262);
    assert.match(c.cannotBoot?.reason ?? '', /systemd 262 refuses the cgroup v1 hierarchy/);
    assert.match(c.cannotBoot?.fix ?? '', /systemd\.unified_cgroup_hierarchy=1/);
    assert.match(c.cannotBoot?.fix ?? '', /cgroup v2 host/);
    assert.equal(chooseCgroupArrangement(legacy, 258).cannotBoot !== undefined, true);
  });

  it('v2 host and Podman keep their arrangements; Podman on v1 with systemd ≥ 258 is expected to fail', () => {
    assert.equal(chooseCgroupArrangement(v2, 262).arrangement, 'v2-host');
    assert.equal(chooseCgroupArrangement(v2, 262).cannotBoot, undefined);
    assert.equal(chooseCgroupArrangement(podmanV1, 257).cannotBoot, undefined);
    assert.equal(chooseCgroupArrangement(podmanV1, 257).bind, undefined, "Podman's systemd mode is enough");
    assert.match(chooseCgroupArrangement(podmanV1, 262).cannotBoot?.reason ?? '', /was not probed/);
    const legacyPodman = chooseCgroupArrangement({ ...podmanV1, cgroupLayout: 'legacy' }, 262);
    assert.match(legacyPodman.cannotBoot?.reason ?? '', /no cgroup2 mount/);
    assert.equal(chooseCgroupArrangement(hybrid, 262, true).arrangement, 'privileged');
  });

  it("Podman on a hybrid v1 host, systemd ≥ 258: the host's cgroup2 hierarchy over the v1 tree Podman mounts", () => {
    const c = chooseCgroupArrangement({ ...podmanV1, cgroupLayout: 'hybrid' }, 262);
    assert.equal(c.arrangement, 'podman');
    assert.equal(c.cannotBoot, undefined);
    assert.deepEqual(c.bind, { source: '/sys/fs/cgroup/unified', target: '/sys/fs/cgroup', mode: 'rw' });
    const p = buildRunProfile({ ...podmanV1, cgroupLayout: 'hybrid' }, image(probe(262)));
    assert.deepEqual(p.create.HostConfig?.Binds, ['/sys/fs/cgroup/unified:/sys/fs/cgroup:rw']);
    assert.equal(p.spec.cgroupns, undefined, 'Podman 4.3 has no cgroupns in its compat API; none is needed');
    assert.equal(chooseCgroupArrangement({ ...podmanV1, cgroupLayout: 'hybrid' }, 257).bind, undefined);
  });

  it('the profile carries the choice into run argv, compose and Quadlet (which leaves cgroups to Podman)', () => {
    const p = buildRunProfile(hybrid, image(probe(262)));
    assert.equal(p.cgroupArrangement, 'unified-bind');
    const argv = runArgv(p);
    assert.ok(argv.includes('/sys/fs/cgroup/unified:/sys/fs/cgroup:rw'));
    assert.ok(argv.includes('--cgroupns=host'));
    assert.match(composeService(p), /- \/sys\/fs\/cgroup\/unified:\/sys\/fs\/cgroup:rw/);
    assert.match(composeService(p), /cgroup: host/);
    assert.doesNotMatch(quadletContainer(p), /^Volume=.*cgroup/m);
    assert.equal(JSON.parse(p.spec.labels['sct.profile']).cgroup, 'unified-bind');
  });

  it("rerun: a container with the v1 tree bound lacks the profile's unified bind", () => {
    const p = buildRunProfile(hybrid, image(probe(262)));
    const tree = { HostConfig: { Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'], CgroupnsMode: 'host' } };
    const unified = { HostConfig: { Binds: ['/sys/fs/cgroup/unified:/sys/fs/cgroup:rw'] } };
    assert.equal(presentFlags(tree, p).has('cgroup-mount'), false);
    assert.equal(presentFlags(unified, p).has('cgroup-mount'), true);
    assert.equal(presentFlags(tree, buildRunProfile(legacy, image(probe(252)))).has('cgroup-mount'), true);
  });
});

describe('predictBoot', () => {
  it('boots: the three Debian releases on this host (hybrid v1)', () => {
    for (const v of [252, 257, 262]) {
      const r = predict(hybrid, image(probe(v)));
      assert.equal(r.verdict, 'boots', JSON.stringify(r.reasons));
      assert.equal(r.systemdVersion, v);
      assert.equal(r.cgroupVersion, 1);
      assert.equal(r.profile.cgroupArrangement, 'unified-bind');
      assert.deepEqual(r.reasons, []);
      assert.equal(r.basis, 'measured');
    }
  });

  it('fails: systemd ≥ 258 on a pure v1 host, with the host change as the fix', () => {
    const r = predict(legacy, image(probe(262)));
    assert.equal(r.verdict, 'fails');
    assert.deepEqual(
      r.reasons.map((x) => x.id),
      ['legacy-cgroup-refused'],
    );
    assert.match(r.reasons[0].fix, /systemd\.unified_cgroup_hierarchy=1/);
    assert.equal(predict(legacy, image(probe(257))).verdict, 'boots');
  });

  it('fails: no systemd, or the init command deleted', () => {
    const none = predict(
      hybrid,
      image({
        initPaths: [],
        checked: [
          { path: '/lib/systemd/systemd', found: false },
          { path: '/sbin/init', found: false },
        ],
      }),
    );
    assert.equal(none.verdict, 'fails');
    assert.equal(none.reasons[0].id, 'no-systemd');
    assert.match(none.reasons[0].fix, /SCT102/);
    const p = probe(252);
    p.checked = p.checked.map((c) => (c.path === '/sbin/init' ? { path: '/sbin/init', found: false } : c));
    p.initPaths = [];
    const r = predict(hybrid, image(p, ['/sbin/init']));
    assert.equal(r.verdict, 'fails');
    assert.equal(r.reasons[0].id, 'init-missing');
    assert.match(r.reasons[0].fix, /SCT103/);
  });

  it('fails: a command that is not systemd; a fatal flag left out on request', () => {
    const img = image(probe(252));
    const r = predictBoot(hybrid, img, buildRunProfile(hybrid, img, { command: ['sleep', 'infinity'] }), {
      command: ['sleep', 'infinity'],
    });
    assert.equal(r.verdict, 'fails');
    assert.equal(r.reasons[0].id, 'not-systemd');
    const wrapped: ImageFacts = { ...image(probe(252), ['/sbin/init']), entrypoint: ['/entrypoint.sh'] };
    const w = predict(hybrid, wrapped);
    assert.equal(w.verdict, 'unknown');
    assert.equal(w.reasons[0].id, 'wrapper-entrypoint');
    assert.deepEqual(w.command, ['/entrypoint.sh', '/lib/systemd/systemd']);
    const omit = predictBoot(hybrid, img, buildRunProfile(hybrid, img, { omit: ['tmpfs-run'] }), {
      omit: ['tmpfs-run'],
    });
    assert.deepEqual(
      omit.reasons.map((x) => x.id),
      ['omitted-tmpfs-run'],
    );
  });

  it('unknown: the version could not be read on a host where it decides; documented basis on v2', () => {
    const r = predict(legacy, image(probe(undefined)));
    assert.equal(r.verdict, 'unknown');
    assert.equal(r.reasons[0].id, 'systemd-version-unknown');
    assert.equal(r.systemdVersion, undefined);
    const w = predict(v2, image(probe(262)));
    assert.equal(w.verdict, 'boots');
    assert.equal(w.basis, 'documented');
    assert.ok(w.notes.some((n) => /cgroup v2 engine/.test(n)));
  });

  it('JSON shape: verdict, systemdVersion (an integer), cgroupVersion, engine, reasons with text and fix', () => {
    const r = JSON.parse(JSON.stringify(predict(legacy, image(probe(262)))));
    assert.equal(r.verdict, 'fails');
    assert.equal(Number.isInteger(r.systemdVersion), true);
    assert.equal(r.cgroupVersion, 1);
    assert.equal(r.engine.kind, 'docker');
    for (const reason of r.reasons) assert.ok(reason.text && reason.fix);
  });
});

describe("systemd's version from an image's files", () => {
  it('from the libsystemd-shared-NNN.so the binary links (Debian and Fedora names)', () => {
    assert.equal(versionFromBinary(Buffer.from('\0\0libc.so.6\0libsystemd-shared-252.so\0')), 252);
    assert.equal(versionFromBinary(Buffer.from('\0libsystemd-shared-255.13-1.fc40.so\0')), 255);
    assert.equal(versionFromBinary(Buffer.from('no such name')), undefined);
  });

  it("from dpkg's status: the installed systemd package only", () => {
    const status = [
      'Package: systemd-sysv\nStatus: install ok installed\nVersion: 252.39-1~deb12u2',
      'Package: systemd\nStatus: deinstall ok config-files\nVersion: 1:241-1',
      'Package: systemd\nStatus: install ok installed\nPriority: important\nVersion: 257.13-1~deb13u1',
    ].join('\n\n');
    assert.equal(versionFromDpkgStatus(status), 257);
    assert.equal(versionFromDpkgStatus('Package: bash\nStatus: install ok installed\nVersion: 5.2'), undefined);
  });
});

describe('readTar', () => {
  function header(name: string, type: string, size: number, link = ''): Buffer {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write(type, 156);
    h.write(link, 157);
    h.write('ustar\0', 257);
    return h;
  }
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);

  it('files, symlinks, directories and PAX long names', () => {
    const body = Buffer.from('[Unit]\nDescription=x\n');
    const longName = `system/${'a'.repeat(120)}.service`;
    const pax = Buffer.from(`${` path=${longName}\n`.length + 3} path=${longName}\n`);
    const tar = Buffer.concat([
      header('system', '5', 0),
      header('system/app.service', '0', body.length),
      pad(body),
      header('system/auditd.service', '2', 0, '/dev/null'),
      header('PaxHeaders/x', 'x', pax.length),
      pad(pax),
      header('ignored', '0', 0),
      Buffer.alloc(1024),
    ]);
    const entries = readTar(tar);
    assert.deepEqual(
      entries.map((e) => [e.name, e.type, e.linkName]),
      [
        ['system', 'directory', undefined],
        ['system/app.service', 'file', undefined],
        ['system/auditd.service', 'symlink', '/dev/null'],
        [longName, 'file', undefined],
      ],
    );
    assert.equal(entries[1].data.toString(), body.toString());
  });

  it('an empty or truncated archive gives what it has', () => {
    assert.deepEqual(readTar(Buffer.alloc(0)), []);
    assert.equal(readTar(header('a', '0', 10)).length, 1);
  });
});

describe('diagnosis: systemd ≥ 258 refuses the cgroup v1 hierarchy', () => {
  it('names the cause, the unified bind and the host change', () => {
    const log =
      'systemd 262.1-1 running in system mode (+PAM ...)\r\nDetected virtualization docker.\r\nDetected ' +
      'unsupported legacy cgroup hierarchy, refusing execution.\r\n';
    const d = diagnose({
      log,
      state: { Status: 'exited', Running: false, ExitCode: 255 },
      tty: true,
      command: ['/lib/systemd/systemd'],
    });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.flag]),
      [['legacy-cgroup-refused', 'cgroup-mount']],
    );
    assert.match(d.findings[0].fix, /\/sys\/fs\/cgroup\/unified:\/sys\/fs\/cgroup:rw/);
    assert.match(d.findings[0].fix, /systemd\.unified_cgroup_hierarchy=1/);
    assert.equal(d.findings[0].evidence, 'Detected unsupported legacy cgroup hierarchy, refusing execution.');
  });
});
