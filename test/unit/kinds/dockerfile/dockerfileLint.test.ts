/**
 * The Dockerfile lint as a whole: clean systemd images of each distribution family get no finding,
 * how the analysis reads a file (stages, ARG defaults, heredocs, CRLF, fix-all, binary input) and
 * variables in RUN. Each rule's own cases are in rules/<rule>.test.ts.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAllEdits } from '../../../../server/src/core/fixes';
import { initLinter, lintDockerfile } from '../../../../server/src/lint';
import { applyEdits } from '../../../../shared/text';
import { df, names } from '../../helpers';
import { DEBIAN_OK, FEDORA_OK } from './cleanImages';

before(() => initLinter());

const SUSE_OK = df([
  'FROM opensuse/leap:15.6',
  'ENV container=podman',
  'RUN zypper --non-interactive install systemd systemd-sysvinit && zypper clean --all',
  'RUN find /etc/systemd/system /usr/lib/systemd/system -path "*.wants/*" -not -name "*journald*" -not -name ' +
    '"*systemd-tmpfiles*" -delete',
  'STOPSIGNAL 37',
  'CMD ["/sbin/init"]',
]);

const ARCH_OK = df([
  'FROM archlinux:latest',
  'ENV container=docker',
  'RUN systemctl mask systemd-udevd.service systemd-udev-trigger.service getty.target console-getty.service',
  'RUN find /etc/systemd/system /usr/lib/systemd/system -path "*.wants/*" -not -name "*systemd-tmpfiles*" ' +
    '-exec rm {} \\;',
  'STOPSIGNAL SIGRTMIN+3',
  'CMD ["/usr/lib/systemd/systemd"]',
]);

const UBI_CHILD = df([
  'FROM registry.access.redhat.com/ubi9/ubi-init',
  'RUN dnf -y install httpd && dnf clean all && systemctl enable httpd',
]);

describe('clean systemd images per family', () => {
  for (const [family, text] of Object.entries({
    debian: DEBIAN_OK,
    fedora: FEDORA_OK,
    suse: SUSE_OK,
    arch: ARCH_OK,
    'ubi-init child': UBI_CHILD,
  })) {
    it(`${family}: no findings`, () => assert.deepEqual(names(text), []));
  }
  it('an ordinary app Dockerfile gets no findings', () => {
    assert.deepEqual(
      names(df(['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'VOLUME /tmp', 'CMD ["node", "server.js"]'])),
      [],
    );
    assert.deepEqual(
      names(df(['FROM python:3.12-slim', 'RUN apt-get update && apt-get install -y gcc', 'CMD python app.py'])),
      [],
    );
  });
});

describe('analysis details', () => {
  it('judges every image the file makes (a middle systemd stage too), or only the --target stage', () => {
    const text = df([
      'FROM debian:12 AS sys',
      'RUN apt-get update && apt-get install -y systemd',
      'CMD ["/sbin/init"]',
      'FROM node:20 AS app',
      'CMD ["node", "x.js"]',
    ]);
    assert.ok(names(text).includes('sbin-init-without-sysv-pkg'));
    assert.deepEqual(names(text, { target: 'app' }), []);
    assert.ok(names(text, { target: 'sys' }).includes('sbin-init-without-sysv-pkg'));
    assert.throws(() => lintDockerfile(text, { target: 'nope' }), /no build stage named "nope"/);
  });
  it('follows FROM scratch + COPY --from=stage / /', () => {
    const text = df([
      'FROM debian:12 AS base',
      'RUN apt-get update && apt-get install -y systemd',
      'FROM scratch',
      'COPY --from=base / /',
      'ENV container=docker',
      'STOPSIGNAL SIGRTMIN+3',
      'CMD ["/sbin/init"]',
    ]);
    assert.ok(names(text).includes('sbin-init-without-sysv-pkg'));
  });
  it('resolves ARG defaults in FROM', () => {
    assert.ok(
      names(df(['ARG IMAGE=debian', 'ARG TAG=bookworm', 'FROM $IMAGE:$TAG', 'CMD ["/sbin/init"]'])).includes(
        'init-without-systemd-pkg',
      ),
    );
  });
  it('reads heredoc RUN bodies', () => {
    const text = df([
      'FROM debian:12',
      'RUN <<EOF',
      'apt-get update',
      'apt-get install -y systemd systemd-sysv',
      'systemctl start ssh',
      'EOF',
      'CMD ["/sbin/init"]',
    ]);
    assert.ok(names(text).includes('systemctl-start-in-run'));
  });
  it('ranges point into the RUN body across continuations', () => {
    const text = df(['FROM centos:7', 'RUN yum -y install nginx && \\', '    systemctl start nginx']);
    const f = lintDockerfile(text).find((x) => x.ruleName === 'systemctl-start-in-run')!;
    assert.deepEqual(f.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 25 } });
  });
  it('CRLF files get CRLF insertions', () => {
    const text = 'FROM rockylinux:9\r\nCMD ["/usr/sbin/init"]\r\n';
    const f = lintDockerfile(text).find((x) => x.ruleName === 'missing-stopsignal')!;
    assert.equal(f.fixes[0].edits[0].newText, 'STOPSIGNAL SIGRTMIN+3\r\n');
  });
  it('fix-all converges in one pass', () => {
    const text = df([
      'FROM ubuntu:22.04',
      'RUN apt-get update && apt-get install -y systemd',
      'VOLUME ["/sys/fs/cgroup", "/data"]',
      'RUN systemctl start ssh',
      'CMD /sbin/init',
    ]);
    const fixed = applyEdits(text, fixAllEdits(lintDockerfile(text)));
    const left = lintDockerfile(fixed).filter((f) => f.fixes.some((x) => x.preferred));
    assert.deepEqual(
      left.map((f) => f.ruleName),
      [],
      fixed,
    );
  });
  it('binary input yields nothing and does not throw', () => {
    assert.deepEqual(lintDockerfile('FROM x\u0000\u0001RUN'), []);
  });
});

describe('variables in RUN', () => {
  const prune = (dirVar: string) => [
    `RUN cd ${dirVar}/sysinit.target.wants/ && for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] ` +
      `|| rm -f "$unit"; done \\`,
    `    && rm -f "${dirVar}"/multi-user.target.wants/* ` +
      `/etc/systemd/system/*.wants/* ${dirVar}/local-fs.target.wants/* \\`,
    `       ${dirVar}/sockets.target.wants/*udev* ${dirVar}/sockets.target.wants/*initctl* ` +
      `${dirVar}/basic.target.wants/*`,
  ];
  const tail = ['STOPSIGNAL SIGRTMIN+3', 'CMD ["/lib/systemd/systemd"]'];
  const head = [
    'FROM debian:bookworm',
    'ENV container=docker',
    'RUN apt-get update && apt-get install -y systemd systemd-sysv',
  ];

  it('ENV values expand in RUN paths', () => {
    assert.deepEqual(names(df([...head, 'ENV UNITS=/lib/systemd/system', ...prune('$UNITS'), ...tail])), []);
    assert.deepEqual(
      names(df([...head, 'ENV LIB=/lib UNITS=${LIB}/systemd/system', ...prune('${UNITS}'), ...tail])),
      [],
    );
  });
  it('ARG defaults expand in RUN paths; a global ARG needs re-declaring in the stage', () => {
    assert.deepEqual(names(df([...head, 'ARG UNITS=/lib/systemd/system', ...prune('$UNITS'), ...tail])), []);
    const global = ['ARG UNITS=/lib/systemd/system', ...head];
    assert.deepEqual(names(df([...global, 'ARG UNITS', ...prune('$UNITS'), ...tail])), []);
    assert.ok(
      names(df([...global, ...prune('$UNITS'), ...tail])).includes('unpruned-wants'),
      'undeclared global ARG is empty in RUN',
    );
  });
  it('assignments inside the script expand later words', () => {
    assert.deepEqual(
      names(
        df([
          ...head,
          'RUN D=/lib/systemd/system; \\',
          ...prune('$D').map((l, i) => (i === 0 ? l.replace(/^RUN /, '    ') : l)),
          ...tail,
        ]),
      ),
      [],
    );
  });
  it('a variable set only at run time stays unknown (no guess)', () => {
    assert.ok(names(df([...head, ...prune('$UNITS'), ...tail])).includes('unpruned-wants'));
  });
});
