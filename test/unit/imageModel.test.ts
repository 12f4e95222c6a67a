/**
 * The image model behind the Dockerfile rules (issue 18 items 2 and 3, issue 22 points 4 and 9):
 * every stage judged as the image it makes, RUN effects in order, known systemd bases, unknown
 * presence. Each test is named after the rule whose behaviour it shows.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { applyFix, df, names } from './helpers';

before(() => initLinter());

const find = (text: string, rule: string) => lintDockerfile(text).filter((f) => f.ruleName === rule);

describe('missing-stopsignal and missing-container-env', () => {
  it('an unknown local base named for systemd does not silence what the file shows (issue 22 point 4)', () => {
    const text = df(['FROM tb/bookworm-systemd', 'RUN apt-get install -y systemd', 'CMD ["/sbin/init"]']);
    for (const rule of ['missing-stopsignal', 'missing-container-env']) {
      const [f] = find(text, rule);
      assert.ok(f, `${rule} missing: ${names(text).join(', ')}`);
      assert.equal(f.severity, 'info');
      assert.match(f.message, /base image is unknown and may set it/);
    }
    // Whether that base has systemd-sysv, or pruned its wants, is not known: no guess.
    assert.ok(!names(text).includes('sbin-init-without-sysv-pkg'));
    assert.ok(!names(text).includes('unpruned-wants'));
  });

  it('known systemd bases bring what their Dockerfiles set', () => {
    // jrei/systemd-* (j8r/dockerfiles): no ENV container, no STOPSIGNAL
    const jrei = df(['FROM jrei/systemd-ubuntu:22.04', 'RUN apt-get update && apt-get install -y nginx']);
    assert.equal(find(jrei, 'missing-stopsignal')[0]?.severity, 'warning');
    assert.equal(find(jrei, 'missing-container-env')[0]?.severity, 'warning');
    // nestybox/*-systemd: STOPSIGNAL SIGRTMIN+3, no ENV container, gettys left on, no prune
    const nesty = df([
      'FROM ghcr.io/nestybox/ubuntu-jammy-systemd:latest',
      'RUN apt-get update && apt-get install -y openssh-server',
      'ENTRYPOINT ["/sbin/init"]',
    ]);
    assert.deepEqual(find(nesty, 'missing-stopsignal'), []);
    assert.equal(find(nesty, 'missing-container-env').length, 1);
    assert.match(find(nesty, 'unpruned-wants')[0]?.message ?? '', /nestybox\/ubuntu-jammy-systemd.*does not prune/);
    assert.equal(find(nesty, 'unmasked-hardware-services').length, 1);
    // kindest/node (kind images/base): container=docker and STOPSIGNAL set
    const kind = df(['FROM kindest/node:v1.30.0', 'RUN echo hi']);
    assert.deepEqual(
      names(kind).filter((n) => /missing-(stopsignal|container-env)/.test(n)),
      [],
    );
  });

  it('installing systemd under a command we cannot see into is not a systemd image', () => {
    const text = df([
      'FROM ubuntu:18.04',
      'RUN apt-get update && apt-get install -y systemd sshguard',
      'ENTRYPOINT ["/app/stream-journal.sh"]',
    ]);
    assert.deepEqual(names(text), []);
  });
});

describe('every stage judged as the image it makes', () => {
  const multi = df([
    'FROM golang:1.22 AS build',
    'RUN go build -o /out/app .',
    'FROM debian:bookworm AS systemd-test',
    'RUN apt-get update && apt-get install -y systemd systemd-sysv',
    'COPY --from=build /out/app /usr/local/bin/app',
    'CMD ["/lib/systemd/systemd"]',
    'FROM gcr.io/distroless/static AS release',
    'COPY --from=build /out/app /app',
    'CMD ["/app"]',
  ]);

  it('missing-stopsignal: a systemd stage in the middle is judged, and the finding names it', () => {
    const [f] = find(multi, 'missing-stopsignal');
    assert.ok(f, names(multi).join(', '));
    assert.match(f.message, /\(stage "systemd-test"\)$/);
    assert.equal(f.range.start.line, 2, "on the stage's FROM");
  });

  it('unpruned-wants: the builder and the slim release stage are not flagged', () => {
    for (const f of lintDockerfile(multi))
      assert.match(f.message, /stage "systemd-test"/, `${f.ruleName}: ${f.message}`);
    const fix = find(multi, 'unpruned-wants')[0].fixes[0];
    assert.equal(fix.edits[0].range.start.line, 4, "the prune goes after the stage's own install");
  });

  it('missing-container-env: a stage inherits ENV, STOPSIGNAL and the prune from its parent stage', () => {
    const text = df([
      'FROM debian:bookworm AS base',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv \\',
      '    && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* ' +
        '/lib/systemd/system/sysinit.target.wants/*',
      'STOPSIGNAL SIGRTMIN+3',
      'FROM base AS app',
      'CMD ["/lib/systemd/systemd"]',
    ]);
    assert.deepEqual(names(text), []);
  });

  it('install-after-prune: an install in a child stage after the parent stage pruned', () => {
    const text = df([
      'FROM debian:bookworm AS base',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv \\',
      '    && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* ' +
        '/lib/systemd/system/sysinit.target.wants/*',
      'STOPSIGNAL SIGRTMIN+3',
      'FROM base AS app',
      'RUN apt-get install -y openssh-server',
      'CMD ["/lib/systemd/systemd"]',
    ]);
    const [f] = find(text, 'install-after-prune');
    assert.ok(f);
    assert.equal(f.range.start.line, 6);
    assert.match(f.message, /\(stage "app"\)$/);
  });

  it('systemctl-start-in-run: found through two stages that share a parent, reported once with both names', () => {
    const text = df([
      'FROM debian:bookworm AS base',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv nginx && systemctl start nginx',
      'FROM base AS one',
      'CMD ["/lib/systemd/systemd"]',
      'FROM base AS two',
      'CMD ["/lib/systemd/systemd"]',
    ]);
    const found = find(text, 'systemctl-start-in-run');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /\(stages "one", "two"\)$/);
  });

  it('many stages: the message names two and counts the rest, the detail lists them all', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const text = df([
      'FROM debian:bookworm AS base',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv nginx && systemctl start nginx',
      ...names.flatMap((n) => [`FROM base AS ${n}`, 'CMD ["/lib/systemd/systemd"]']),
    ]);
    const [f] = find(text, 'systemctl-start-in-run');
    assert.match(f.message, /\(stages "a", "b" and 4 more\)$/);
    assert.match(f.detail ?? '', /Found in the stages "a", "b", "c", "d", "e", "f"\.$/);
    const three = df([
      'FROM debian:bookworm AS base',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv nginx && systemctl start nginx',
      ...names.slice(0, 3).flatMap((n) => [`FROM base AS ${n}`, 'CMD ["/lib/systemd/systemd"]']),
    ]);
    assert.match(find(three, 'systemctl-start-in-run')[0].message, /\(stages "a", "b", "c"\)$/);
  });
});

describe('RUN effects in order', () => {
  it('unpruned-wants: a prune before systemd is installed prunes nothing', () => {
    const text = df([
      'FROM ubuntu:20.04',
      'ENV container=docker',
      "RUN find /etc/systemd/system /lib/systemd/system -path '*.wants/*' -not -name '*journald*' -exec rm \\{} \\;",
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/sbin/init"]',
    ]);
    assert.ok(names(text).includes('unpruned-wants'));
    assert.ok(names(text).includes('install-after-prune'));
  });

  it('unpruned-wants: find … -print0 | xargs -0 rm and packages named through $VAR are followed', () => {
    const text = df([
      'FROM debian:bookworm',
      'ENV container=docker',
      "RUN PKGS='python3 sudo systemd systemd-sysv' && apt-get update && apt-get install -y $PKGS",
      "RUN find /etc/systemd/system /lib/systemd/system -path '*.wants/*' -not -name '*systemd-tmpfiles*' " +
        '-print0 | xargs -0 rm -vf',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/sbin/init"]',
    ]);
    assert.deepEqual(names(text), []);
    // The same without the prune: systemd is known to be installed through $PKGS.
    const unpruned = text
      .split('\n')
      .filter((l) => !l.startsWith('RUN find'))
      .join('\n');
    assert.ok(names(unpruned).includes('unpruned-wants'));
  });

  it('unpruned-wants: the prune follows WORKDIR for relative paths', () => {
    const text = df([
      'FROM debian:bookworm',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'WORKDIR /lib/systemd/system/sysinit.target.wants/',
      'RUN for i in * ; do [ "$i" = systemd-tmpfiles-setup.service ] || rm -f "$i" ; done',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/sbin/init"]',
    ]);
    assert.ok(!names(text).includes('unpruned-wants'), names(text).join(', '));
  });

  it('unpruned-wants: systemd of unknown presence gives no finding, never a false "is installed"', () => {
    const text = df(['ARG BASE', 'FROM $BASE', 'ENV container=docker', 'STOPSIGNAL SIGRTMIN+3', 'CMD ["/sbin/init"]']);
    assert.deepEqual(
      names(text).filter((n) => n === 'unpruned-wants' || n === 'unmasked-hardware-services'),
      [],
    );
  });

  const hardware = (lines: string[]) =>
    df([
      'FROM debian:bookworm',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv udev',
      ...lines,
      'RUN rm -f /lib/systemd/system/sysinit.target.wants/*',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/sbin/init"]',
    ]);

  it('unmasked-hardware-services: deleting the unit files equals masking them', () => {
    assert.ok(names(hardware([])).includes('unmasked-hardware-services'));
    const deleted = hardware(['RUN rm -f /lib/systemd/system/systemd*udev* && rm -f /lib/systemd/system/getty.target']);
    assert.ok(!names(deleted).includes('unmasked-hardware-services'), names(deleted).join(', '));
  });

  it('unmasked-hardware-services: ln -s /dev/null, systemctl mask and systemctl disable are the same facts', () => {
    const linked = hardware([
      'RUN ln -s /dev/null /etc/systemd/system/getty.target && systemctl mask systemd-udevd.service ' +
        'systemd-udev-trigger.service',
    ]);
    assert.ok(!names(linked).includes('unmasked-hardware-services'), names(linked).join(', '));
    const disabled = hardware([
      'RUN systemctl disable getty.target && systemctl mask systemd-udevd systemd-udev-trigger',
    ]);
    assert.ok(!names(disabled).includes('unmasked-hardware-services'), names(disabled).join(', '));
  });

  it(
    'unmasked-hardware-services: a link into a wants directory (or systemctl enable) after the prune turns ' +
      'gettys on again',
    () => {
      const pruned = df([
        'FROM debian:bookworm',
        'ENV container=docker',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv && rm -f ' +
          '/lib/systemd/system/multi-user.target.wants/* /lib/systemd/system/sysinit.target.wants/*',
        'STOPSIGNAL SIGRTMIN+3',
        'CMD ["/sbin/init"]',
      ]);
      assert.ok(!names(pruned).includes('unmasked-hardware-services'), names(pruned).join(', '));
      for (const again of [
        'RUN ln -s /lib/systemd/system/getty.target /etc/systemd/system/multi-user.target.wants/',
        'RUN systemctl enable getty.target',
      ]) {
        const text = pruned.replace('STOPSIGNAL', `${again}\nSTOPSIGNAL`);
        assert.ok(names(text).includes('unmasked-hardware-services'), again);
      }
    },
  );

  it('unmasked-hardware-services: unit files deleted before systemd is installed come back', () => {
    const text = df([
      'FROM debian:bookworm',
      'RUN rm -f /lib/systemd/system/getty.target',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'CMD ["/sbin/init"]',
    ]);
    assert.ok(names(text).includes('unmasked-hardware-services'));
  });
});

describe('missing-init-cmd', () => {
  it('exec paths resolve against WORKDIR', () => {
    const base = [
      'FROM debian:bookworm',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv && rm -f ' +
        '/lib/systemd/system/multi-user.target.wants/*',
      'STOPSIGNAL SIGRTMIN+3',
      'WORKDIR /',
    ];
    for (const cmd of ['CMD ["/bin/bash", "-c", "exec lib/systemd/systemd"]', 'CMD ["lib/systemd/systemd"]']) {
      const text = df([...base, cmd]);
      assert.deepEqual(names(text), [], cmd);
    }
    // From another WORKDIR the same path is not systemd: the file's own init path then counts as missing.
    const elsewhere = df([...base.slice(0, -1), 'WORKDIR /opt', 'CMD ["/bin/bash", "-c", "exec lib/systemd/systemd"]']);
    assert.ok(names(elsewhere).includes('missing-init-cmd'), names(elsewhere).join(', '));
  });

  it('a replacement systemctl as PID 1 is no missing init', () => {
    const text = df([
      'FROM ubuntu:22.04',
      'ENV container=docker',
      'RUN apt-get update && apt-get install -y openssh-server python3',
      'COPY files/systemctl3.py /usr/bin/systemctl',
      'RUN systemctl enable ssh.service',
      'CMD ["/usr/bin/systemctl"]',
    ]);
    assert.deepEqual(names(text), []);
  });
});

describe('systemctl-start-in-run', () => {
  it('the fix drops "systemctl start" when the unit is already enabled (issue 22 point 9)', () => {
    const text = df([
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y ssh && systemctl enable ssh && systemctl start ssh',
    ]);
    const [f] = find(text, 'systemctl-start-in-run');
    assert.equal(f.fixes[0].title, 'Remove "systemctl start" (ssh.service already enabled)');
    const fixed = applyFix(text, f);
    assert.equal(fixed.text.split('\n')[1], 'RUN apt-get update && apt-get install -y ssh && systemctl enable ssh');
    assert.ok(!fixed.findings.some((x) => x.ruleName === 'systemctl-start-in-run'));
  });

  it('the fix removes a whole RUN that only starts an enabled unit, and enables one that is not', () => {
    const text = df([
      'FROM debian:bookworm',
      'RUN systemctl enable ssh',
      'RUN systemctl start ssh',
      'RUN systemctl restart cron',
    ]);
    const [start, restart] = find(text, 'systemctl-start-in-run');
    assert.equal(
      applyFix(text, start).text,
      df(['FROM debian:bookworm', 'RUN systemctl enable ssh', 'RUN systemctl restart cron']),
    );
    assert.equal(applyFix(text, restart).text.split('\n')[3], 'RUN systemctl enable cron');
  });

  it('not flagged where systemctl is a replacement script that works at build time', () => {
    const text = df([
      'FROM ubuntu:22.04',
      'ADD https://example.org/systemctl3.py /usr/bin/systemctl',
      'RUN systemctl start ssh.service',
    ]);
    assert.deepEqual(find(text, 'systemctl-start-in-run'), []);
  });
});

describe('install-after-prune: a base that pruned comes before every install of the file', () => {
  it("install-after-prune: an install on a pruning systemd base re-creates wants (the base's prune came first)", () => {
    const text = df(['FROM jrei/systemd-ubuntu:22.04', 'RUN apt-get update && apt-get install -y openssh-server']);
    const [f] = find(text, 'install-after-prune');
    assert.ok(f, names(text).join(', '));
    assert.match(f.message, /after the base image's wants prune/);
    assert.equal(f.related?.[0].range.start.line, 0, 'points at the FROM line');
    assert.match(f.related?.[0].message ?? '', /jrei\/systemd-ubuntu:22.04 pruned the wants/);
    // Prune again after the install: nothing left to say.
    const prune = 'RUN rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/*';
    const pruned = df([...text.trimEnd().split('\n'), prune]);
    assert.deepEqual(find(pruned, 'install-after-prune'), []);
  });

  it('install-after-prune: a systemd base that prunes nothing (nestybox) gives no finding', () => {
    const text = df([
      'FROM ghcr.io/nestybox/ubuntu-jammy-systemd:latest',
      'RUN apt-get update && apt-get install -y openssh-server',
    ]);
    assert.deepEqual(find(text, 'install-after-prune'), []);
  });

  it('install-after-prune: every stage of a --target build on a dokken base (the base pruned first)', () => {
    const text = df([
      'FROM docker.io/dokken/ubuntu-22.04:latest AS official-install',
      'RUN systemctl enable fluent-bit',
      'FROM docker.io/dokken/ubuntu-22.04:latest AS staging-install',
      'RUN apt-get update && apt-get install --no-install-recommends -y fluent-bit',
      'FROM staging-install AS staging-upgrade',
    ]);
    const found = find(text, 'install-after-prune');
    assert.equal(found.length, 1, names(text).join(', '));
    assert.equal(found[0].range.start.line, 3);
  });
});

describe('known systemd bases: dokken (test-kitchen/dokken-images)', () => {
  it('unmasked-hardware-services: the dokken images removed the getty and udev wants links', () => {
    const bases = ['dokken/ubuntu-22.04', 'docker.io/dokken/centos-7', 'dokken/almalinux-9', 'dokken/opensuse-leap-15'];
    for (const base of bases) {
      const text = df([`FROM ${base}`, 'RUN echo installing nothing']);
      assert.deepEqual(find(text, 'unmasked-hardware-services'), [], base);
      assert.deepEqual(find(text, 'missing-init-cmd'), [], `${base}: CMD systemd inherited`);
      // What they do not set is still the child's to set.
      assert.equal(find(text, 'missing-stopsignal')[0]?.severity, 'warning', base);
      assert.equal(find(text, 'missing-container-env')[0]?.severity, 'warning', base);
    }
  });
});

describe('missing-container-env: what a distribution image sets depends on who built it', () => {
  const cmd = 'CMD ["/usr/sbin/init"]';
  it("missing-container-env: Docker Hub's fedora sets no container= (repo-info: DISTTAG, FGC, FBR)", () => {
    for (const base of ['fedora:40', 'docker.io/library/fedora:41', 'docker.io/fedora:39']) {
      const text = df([`FROM ${base}`, 'RUN dnf -y install systemd', cmd]);
      assert.equal(find(text, 'missing-container-env')[0]?.severity, 'warning', base);
    }
  });

  it("missing-container-env: registry.fedoraproject.org's fedora and the UBI images set container=oci", () => {
    const rh = 'registry.access.redhat.com';
    const bases = ['registry.fedoraproject.org/fedora:43', `${rh}/ubi9/ubi`, `${rh}/ubi8`, `${rh}/ubi9/ubi-minimal`];
    for (const base of bases) {
      const text = df([`FROM ${base}`, 'RUN dnf -y install systemd', cmd]);
      assert.deepEqual(find(text, 'missing-container-env'), [], base);
    }
  });

  it('missing-container-env: a copy of fedora on another registry is not known: a hedged finding', () => {
    const text = df(['FROM quay.io/fedora/fedora:41', 'RUN dnf -y install systemd', cmd]);
    const [f] = find(text, 'missing-container-env');
    assert.ok(f, names(text).join(', '));
    assert.equal(f.severity, 'info');
  });
});
