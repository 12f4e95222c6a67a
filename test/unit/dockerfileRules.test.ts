/**
 * Each rule on positive, negative and suppressed cases across distribution families, and every
 * fix the rule offers: applying it removes that finding and adds none.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { dockerfileRules } from '../../server/src/kinds/dockerfile/ruleList';
import { applyFix, counts, df, names } from './helpers';
import { fixAllEdits } from '../../server/src/core/fixes';
import { applyEdits } from '../../shared/text';

before(() => initLinter());

const DEBIAN_OK = df([
  'FROM debian:bookworm',
  'ENV container=docker',
  'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv && rm -rf ' +
    '/var/lib/apt/lists/*',
  'RUN cd /lib/systemd/system/sysinit.target.wants/ \\',
  '    && for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] || rm -f "$unit"; done \\',
  '    && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \\',
  '       /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \\',
  '       /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*',
  'STOPSIGNAL SIGRTMIN+3',
  'CMD ["/lib/systemd/systemd"]',
]);

const FEDORA_OK = df([
  'FROM fedora:40',
  'ENV container=docker',
  'RUN dnf -y install systemd && dnf clean all',
  'RUN (cd /usr/lib/systemd/system/sysinit.target.wants/; for i in *; do [ $i == ' +
    'systemd-tmpfiles-setup.service ] || rm -f $i; done); \\',
  '    rm -f /usr/lib/systemd/system/multi-user.target.wants/*; rm -f /etc/systemd/system/*.wants/*; \\',
  '    rm -f /usr/lib/systemd/system/local-fs.target.wants/*; rm -f ' +
    '/usr/lib/systemd/system/sockets.target.wants/*udev*; \\',
  '    rm -f /usr/lib/systemd/system/sockets.target.wants/*initctl*; rm -f ' +
    '/usr/lib/systemd/system/basic.target.wants/*',
  'STOPSIGNAL RTMIN+3',
  'CMD ["/usr/sbin/init"]',
]);

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

interface Case {
  title: string;
  text: string;
  fires: boolean;
}

const cases: Record<string, Case[]> = {
  'missing-init-cmd': [
    {
      title: 'centos: enables a unit but runs tail',
      text: df(['FROM centos:7', 'RUN yum -y install nginx && systemctl enable nginx', 'CMD tail -f /dev/null']),
      fires: true,
    },
    {
      title: 'ubuntu: prunes wants, no CMD at all',
      text: df([
        'FROM ubuntu:22.04',
        'ENV container docker',
        'RUN apt-get update && apt-get install -y systemd',
        'RUN rm -f /lib/systemd/system/multi-user.target.wants/*',
      ]),
      fires: true,
    },
    { title: 'debian: exec-form init', text: DEBIAN_OK, fires: false },
    {
      title: 'bash -c exec init',
      text: df([
        'FROM ubuntu:22.04',
        'ENV container=docker',
        'RUN apt-get update && apt-get install -y systemd',
        'STOPSIGNAL SIGRTMIN+3',
        'CMD ["/bin/bash", "-c", "exec /lib/systemd/systemd --log-target=journal 3>&1"]',
      ]),
      fires: false,
    },
    {
      title: 'wrapper script given the init as argument',
      text: df([
        'FROM debian:12',
        'ENV container=docker',
        'STOPSIGNAL SIGRTMIN+3',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv && systemctl mask getty.target',
        'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
      ]),
      fires: false,
    },
  ],
  'init-without-systemd-pkg': [
    { title: 'debian without systemd', text: df(['FROM debian:bookworm', 'CMD ["/sbin/init"]']), fires: true },
    { title: 'fedora 40 without systemd', text: df(['FROM fedora:40', 'CMD ["/usr/sbin/init"]']), fires: true },
    {
      title: 'yum on a Debian-based app image installs nothing',
      text: df(['FROM nginx', 'RUN yum -y install nginx', 'CMD ["/usr/sbin/init"]']),
      fires: true,
    },
    { title: 'centos:7 ships systemd', text: df(['FROM centos:7', 'CMD ["/usr/sbin/init"]']), fires: false },
    {
      title: 'installed through the init metapackage',
      text: df(['FROM debian:buster', 'RUN apt-get update && apt-get install -y init', 'CMD ["/sbin/init"]']),
      fires: false,
    },
    { title: 'unknown base: silent', text: df(['ARG BASE', 'FROM ${BASE}', 'CMD ["/sbin/init"]']), fires: false },
  ],
  'sbin-init-without-sysv-pkg': [
    {
      title: 'debian: systemd without systemd-sysv, /sbin/init',
      text: df(['FROM debian:bookworm', 'RUN apt-get update && apt-get install -y systemd', 'CMD ["/sbin/init"]']),
      fires: true,
    },
    {
      title: 'ubuntu: symlink made by hand',
      text: df([
        'FROM ubuntu:24.04',
        'RUN apt-get update && apt-get install -y systemd && ln -s /lib/systemd/systemd /sbin/init',
        'CMD ["/sbin/init"]',
      ]),
      fires: false,
    },
    {
      title: 'debian: starts /lib/systemd/systemd',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y systemd',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: false,
    },
    {
      title: 'fedora: systemd provides /sbin/init',
      text: df(['FROM fedora:40', 'RUN dnf -y install systemd', 'CMD ["/sbin/init"]']),
      fires: false,
    },
  ],
  'init-via-shell-form': [
    {
      title: 'shell-form ENTRYPOINT',
      text: df(['FROM archlinux', 'ENTRYPOINT /sbin/init quiet loglevel=3']),
      fires: true,
    },
    {
      title: 'sh -c without exec',
      text: df(['FROM fedora:30', 'CMD ["/bin/sh", "-c", "setup.sh; /usr/sbin/init"]']),
      fires: true,
    },
    { title: 'exec form', text: df(['FROM archlinux', 'ENTRYPOINT ["/sbin/init", "quiet"]']), fires: false },
  ],
  'missing-container-env': [
    {
      title: 'debian',
      text: df([
        'FROM debian:12',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv',
        'CMD ["/sbin/init"]',
      ]),
      fires: true,
    },
    {
      title: 'legacy ENV syntax',
      text: df(['FROM centos:7', 'ENV container docker', 'CMD ["/usr/sbin/init"]']),
      fires: false,
    },
    {
      title: 'multi-variable ENV with container=oci',
      text: df(['FROM fedora:25', 'ENV NAME=x container=oci', 'CMD ["/sbin/init"]']),
      fires: false,
    },
    {
      title: 'ubi-init sets container=oci',
      text: df(['FROM registry.access.redhat.com/ubi8/ubi-init:latest', 'CMD ["/sbin/init"]']),
      fires: false,
    },
  ],
  'missing-stopsignal': [
    { title: 'rocky', text: df(['FROM rockylinux:9', 'ENV container=docker', 'CMD ["/usr/sbin/init"]']), fires: true },
    {
      title: 'wrong signal',
      text: df(['FROM rockylinux:9', 'STOPSIGNAL SIGTERM', 'CMD ["/usr/sbin/init"]']),
      fires: true,
    },
    {
      title: 'RTMIN+3 without SIG',
      text: df(['FROM rockylinux:9', 'STOPSIGNAL RTMIN+3', 'CMD ["/usr/sbin/init"]']),
      fires: false,
    },
    { title: 'numeric 37', text: df(['FROM rockylinux:9', 'STOPSIGNAL 37', 'CMD ["/usr/sbin/init"]']), fires: false },
  ],
  'unpruned-wants': [
    {
      title: 'ubuntu installs systemd, no prune',
      text: df(['FROM ubuntu:jammy', 'RUN apt update && apt install -y systemd', 'CMD ["/lib/systemd/systemd"]']),
      fires: true,
    },
    {
      title: 'removing getty.target only is not pruning',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv',
        'RUN rm -f /lib/systemd/system/multi-user.target.wants/getty.target',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    { title: 'canonical prune', text: DEBIAN_OK, fires: false },
    {
      title: 'ls | grep -v | xargs rm prune',
      text: df([
        'FROM centos:7',
        'RUN cd /lib/systemd/system/sysinit.target.wants/; ls | grep -v systemd-tmpfiles-setup | xargs rm -f; ' +
          'rm -f /lib/systemd/system/multi-user.target.wants/*',
        'CMD ["/usr/sbin/init"]',
      ]),
      fires: false,
    },
    {
      title: 'custom default target',
      text: df([
        'FROM centos:7',
        'COPY my.target /lib/systemd/system/',
        'RUN systemctl set-default my.target',
        'CMD ["/usr/sbin/init"]',
      ]),
      fires: false,
    },
  ],
  'inverted-sysinit-prune': [
    {
      title: 'find -name tmpfiles-setup -delete',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y systemd',
        'RUN find /lib/systemd/system/sysinit.target.wants/ -name "systemd-tmpfiles-setup.service" -delete && ' +
          'rm -f /lib/systemd/system/multi-user.target.wants/*',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    { title: 'canonical loop', text: DEBIAN_OK, fires: false },
  ],
  'install-after-prune': [
    {
      title: 'yum install after the prune RUN',
      text: df([
        'FROM rockylinux:9',
        'RUN rm -f /lib/systemd/system/multi-user.target.wants/*; rm -f /etc/systemd/system/*.wants/*',
        'RUN yum -y install openssh-server',
        'CMD ["/usr/sbin/init"]',
      ]),
      fires: true,
    },
    { title: 'install first, then prune', text: FEDORA_OK, fires: false },
  ],
  'unmasked-auditd': [
    {
      title: 'debian installs auditd',
      text: df([
        'FROM debian:bookworm',
        'ENV container=docker',
        'STOPSIGNAL SIGRTMIN+3',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv auditd',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'rhel installs audit',
      text: df(['FROM rockylinux:9', 'RUN dnf -y install audit', 'CMD ["/usr/sbin/init"]']),
      fires: true,
    },
    {
      title: 'masked',
      text: df(['FROM rockylinux:9', 'RUN dnf -y install audit && systemctl mask auditd', 'CMD ["/usr/sbin/init"]']),
      fires: false,
    },
    {
      title: 'masked by symlink',
      text: df([
        'FROM rockylinux:9',
        'RUN dnf -y install audit && ln -sf /dev/null /etc/systemd/system/auditd.service',
        'CMD ["/usr/sbin/init"]',
      ]),
      fires: false,
    },
  ],
  'unmasked-hardware-services': [
    {
      title: 'ubuntu: getty.target stays wanted',
      text: df([
        'FROM ubuntu:18.04',
        'RUN apt update && apt install systemd -y && systemctl mask getty@tty1.service',
        'CMD ["/bin/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'rocky unmasks what the base masked and installs udev',
      text: df([
        'FROM rockylinux:8',
        'RUN dnf install -y udev && systemctl unmask getty.target console-getty.service',
        'ENTRYPOINT ["/sbin/init"]',
      ]),
      fires: true,
    },
    {
      title: 'masked',
      text: df(['FROM fedora:25', 'RUN systemctl mask getty.target console-getty.service', 'CMD ["/sbin/init"]']),
      fires: false,
    },
    {
      title: 'rocky base masks them',
      text: df(['FROM rockylinux:9', 'ENV container=docker', 'CMD ["/usr/sbin/init"]']),
      fires: false,
    },
  ],
  'volume-cgroup': [
    {
      title: 'VOLUME /sys/fs/cgroup',
      text: df(['FROM centos:7', 'VOLUME [ "/sys/fs/cgroup" ]', 'CMD ["/usr/sbin/init"]']),
      fires: true,
    },
    { title: 'other volume', text: df(['FROM centos:7', 'VOLUME ["/data"]', 'CMD ["/usr/sbin/init"]']), fires: false },
  ],
  'volume-run-tmp': [
    {
      title: 'VOLUME /run',
      text: df(['FROM centos:7', 'ENV container=docker', 'VOLUME /run', 'CMD ["/usr/sbin/init.sh"]']),
      fires: true,
    },
    {
      title: 'VOLUME /tmp in an app image',
      text: df(['FROM node:20', 'VOLUME /tmp', 'CMD ["node", "x.js"]']),
      fires: false,
    },
  ],
  'systemctl-start-in-run': [
    { title: 'sudo systemctl start', text: df(['FROM centos:centos7', 'RUN sudo systemctl start nginx']), fires: true },
    {
      title: 'restart after install',
      text: df(['FROM debian:12', 'RUN apt-get install -y ssh && systemctl restart ssh || true']),
      fires: true,
    },
    {
      title: 'enable',
      text: df(['FROM centos:7', 'RUN systemctl enable nginx', 'CMD ["/usr/sbin/init"]']),
      fires: false,
    },
  ],
  'malformed-systemd-config-write': [
    {
      title: 'echo -e under dash',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv',
        'RUN echo -e "[Unit]\\nDescription=x\\n[Service]\\nExecStart=/bin/true" > /etc/systemd/system/x.service',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'journald option appended to logind.conf',
      text: df([
        'FROM debian:bookworm',
        'RUN echo "ForwardToConsole=yes" >> /etc/systemd/logind.conf',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'drop-in without a section header',
      text: df([
        'FROM debian:bookworm',
        'RUN mkdir -p /etc/systemd/system/x.service.d && printf "Restart=always\\n" > ' +
          '/etc/systemd/system/x.service.d/override.conf',
      ]),
      fires: true,
    },
    {
      title: 'echo -e under bash (Fedora /bin/sh is bash)',
      text: df(['FROM fedora:40', 'RUN echo -e "[Unit]\\nDescription=x" > /etc/systemd/system/x.service']),
      fires: false,
    },
    {
      title: 'right file',
      text: df([
        'FROM debian:bookworm',
        'RUN echo "ReadKMsg=no" >> /etc/systemd/journald.conf && echo "NAutoVTs=0" >> /etc/systemd/logind.conf',
      ]),
      fires: false,
    },
    {
      title: 'heredoc with a section',
      text: df([
        'FROM debian:bookworm',
        'RUN cat > /etc/systemd/system/x.service <<EOF',
        '[Unit]',
        'Description=x',
        'EOF',
      ]),
      fires: false,
    },
  ],
  // More cases in packageSandbox.test.ts.
  'package-service-fails-in-container': [
    {
      title: 'redis-server on bookworm',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get install -y systemd systemd-sysv redis-server',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'earlyoom (DynamicUser=) on trixie',
      text: df([
        'FROM debian:trixie',
        'RUN apt-get install -y systemd systemd-sysv earlyoom',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: true,
    },
    {
      title: 'nginx',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get install -y systemd systemd-sysv nginx',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: false,
    },
    {
      title: 'drop-in written',
      text: df([
        'FROM debian:bookworm',
        'RUN apt-get install -y systemd systemd-sysv redis-server',
        'COPY container.conf /etc/systemd/system/redis-server.service.d/',
        'CMD ["/lib/systemd/systemd"]',
      ]),
      fires: false,
    },
  ],
};

describe('rules', () => {
  it('every rule has cases here', () => {
    for (const rule of dockerfileRules) assert.ok(cases[rule.meta.name], `no test cases for ${rule.meta.name}`);
  });
  for (const [rule, list] of Object.entries(cases)) {
    describe(rule, () => {
      for (const c of list) {
        it(`${c.fires ? 'fires' : 'silent'}: ${c.title}`, () => {
          assert.equal(names(c.text).includes(rule), c.fires, `findings: ${names(c.text).join(', ')}`);
        });
        if (!c.fires) continue;
        it(`suppressed by pragma and config: ${c.title}`, () => {
          const global = `# systemd-lint global ignore=${rule}\n${c.text}`;
          assert.ok(!names(global).includes(rule));
          assert.ok(!names(c.text, { config: { ignore: [rule] } }).includes(rule));
          const finding = lintDockerfile(c.text).find((f) => f.ruleName === rule)!;
          const lines = c.text.split('\n');
          // The pragma goes on the line before the instruction that holds the finding.
          let start = finding.range.start.line;
          while (start > 0 && /\\$/.test(lines[start - 1])) start--;
          lines.splice(start, 0, `# systemd-lint ignore=${rule}`);
          assert.ok(!names(lines.join('\n')).includes(rule), 'line pragma');
        });
        it(`each fix removes the finding and adds none: ${c.title}`, () => {
          const findings = lintDockerfile(c.text);
          const before = counts(findings);
          const target = findings.filter((f) => f.ruleName === rule);
          for (const finding of target) {
            assert.ok(
              finding.fixes.length > 0 ||
                rule === 'malformed-systemd-config-write' ||
                rule === 'init-without-systemd-pkg',
              `${rule} offers no fix`,
            );
            finding.fixes.forEach((_fix, i) => {
              const after = applyFix(c.text, finding, i);
              const afterCounts = counts(after.findings);
              assert.ok(
                (afterCounts.get(rule) ?? 0) < (before.get(rule) ?? 0),
                `fix "${finding.fixes[i].title}" left ${rule}:\n${after.text}`,
              );
              for (const [name, n] of afterCounts)
                assert.ok(
                  n <= (before.get(name) ?? 0),
                  `fix "${finding.fixes[i].title}" added ${name}:\n${after.text}`,
                );
            });
          }
        });
      }
    });
  }
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
