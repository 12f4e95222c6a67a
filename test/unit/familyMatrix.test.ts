/**
 * Every rule × every distribution family: the family's canonical recipe (built from the same
 * recipe table the quick fixes use) is clean; one mutation per rule makes that rule fire; the
 * pragma silences it; each fix removes it, adds nothing, and writes that family's paths and
 * package names.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { describeBaseImage } from '../../server/src/kinds/dockerfile/baseImages';
import {
  maskLine,
  pruneBlock,
  recipeFor,
  HARDWARE_UNITS,
  type Recipe,
} from '../../server/src/kinds/dockerfile/recipes';
import { dockerfileRules } from '../../server/src/kinds/dockerfile/ruleList';
import { applyFix, counts, names } from './helpers';

before(() => initLinter());

/** One plain base image per family with a systemd package (Alpine has none). */
const FAMILY_BASES: Record<string, string> = {
  debian: 'debian:bookworm',
  ubuntu: 'ubuntu:24.04',
  fedora: 'fedora:40',
  rhel: 'quay.io/centos/centos:stream9',
  amazon: 'amazonlinux:2023',
  suse: 'opensuse/leap:15.6',
  arch: 'archlinux:latest',
};

const AUDIT_PACKAGE: Record<string, string> = { debian: 'auditd', ubuntu: 'auditd', suse: 'audit', arch: 'audit' };

interface Parts {
  from: string;
  env: string | null;
  install: string | null;
  extraBeforePrune: string[];
  prune: string | null;
  mask: string | null;
  extraAfterPrune: string[];
  stop: string | null;
  cmd: string | null;
}

function canonicalParts(base: string, recipe: Recipe): Parts {
  return {
    from: `FROM ${base}`,
    env: 'ENV container=docker',
    install: `RUN ${recipe.install(recipe.systemdPackages)}`,
    extraBeforePrune: [],
    prune: pruneBlock(recipe.unitDir, '\n'),
    mask: maskLine(HARDWARE_UNITS),
    extraAfterPrune: [],
    stop: 'STOPSIGNAL SIGRTMIN+3',
    cmd: `CMD ["${recipe.initPath}"]`,
  };
}

function render(p: Parts): string {
  const lines = [p.from, p.env, p.install, ...p.extraBeforePrune, p.prune, p.mask, ...p.extraAfterPrune, p.stop, p.cmd];
  return lines.filter((l): l is string => l !== null).join('\n') + '\n';
}

interface Mutation {
  /** Returns null when the mutation does not apply to this family. */
  mutate(p: Parts, recipe: Recipe, family: string): Parts | null;
  /** Text the fixed file must contain (the family-specific recipe), if any. */
  expectAfterFix?(recipe: Recipe): string;
}

const MUTATIONS: Record<string, Mutation> = {
  'missing-init-cmd': { mutate: (p) => ({ ...p, cmd: null }), expectAfterFix: (r) => `CMD ["${r.initPath}"]` },
  'init-without-systemd-pkg': {
    mutate: (p) => (describeBaseImage(p.from.slice(5)).systemd === 'no' ? { ...p, install: null } : null),
    expectAfterFix: (r) => r.systemdPackages.join(' '),
  },
  'sbin-init-without-sysv-pkg': {
    // Only where the base lacks /sbin/init (the archlinux base ships systemd-sysvcompat) and the
    // install cannot pull it in (zypper installs systemd-sysvinit as a recommendation).
    mutate: (p, r, family) => {
      if (!r.sysvPackage || describeBaseImage(p.from.slice(5)).systemd === 'yes') return null;
      const install =
        family === 'suse' ? 'zypper --non-interactive install --no-recommends systemd' : r.install(['systemd']);
      return { ...p, install: `RUN ${install}`, cmd: 'CMD ["/sbin/init"]' };
    },
    expectAfterFix: (r) => `CMD ["${r.initPath}"]`,
  },
  'init-via-shell-form': {
    mutate: (p, r) => ({ ...p, cmd: `CMD ${r.initPath}` }),
    expectAfterFix: (r) => `CMD ["${r.initPath}"]`,
  },
  'missing-container-env': { mutate: (p) => ({ ...p, env: null }), expectAfterFix: () => 'ENV container=docker' },
  'missing-stopsignal': { mutate: (p) => ({ ...p, stop: null }), expectAfterFix: () => 'STOPSIGNAL SIGRTMIN+3' },
  'unpruned-wants': {
    mutate: (p) => ({ ...p, prune: null }),
    expectAfterFix: (r) => `cd ${r.unitDir}/sysinit.target.wants/`,
  },
  'inverted-sysinit-prune': {
    mutate: (p, r) => ({
      ...p,
      prune:
        `RUN find ${r.unitDir}/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete && rm ` +
        `-f ${r.unitDir}/multi-user.target.wants/* /etc/systemd/system/*.wants/*`,
    }),
  },
  'install-after-prune': { mutate: (p, r) => ({ ...p, extraAfterPrune: [`RUN ${r.install(['openssh-server'])}`] }) },
  'unmasked-auditd': {
    // After the prune (which would otherwise remove its multi-user.target.wants link).
    mutate: (p, r, family) => ({ ...p, extraAfterPrune: [`RUN ${r.install([AUDIT_PACKAGE[family] ?? 'audit'])}`] }),
    expectAfterFix: () => 'auditd.service',
  },
  'unmasked-hardware-services': { mutate: (p) => ({ ...p, prune: null, mask: null, extraBeforePrune: [] }) },
  'volume-cgroup': { mutate: (p) => ({ ...p, extraAfterPrune: ['VOLUME ["/sys/fs/cgroup", "/data"]'] }) },
  'volume-run-tmp': { mutate: (p) => ({ ...p, extraAfterPrune: ['VOLUME /run /data'] }) },
  'systemctl-start-in-run': {
    mutate: (p) => ({ ...p, extraAfterPrune: ['RUN systemctl start chronyd.service'] }),
    expectAfterFix: () => 'systemctl enable chronyd.service',
  },
  'malformed-systemd-config-write': {
    mutate: (p) => ({ ...p, extraAfterPrune: ['RUN echo "ForwardToConsole=yes" >> /etc/systemd/logind.conf'] }),
  },
  // Debian's package data only (scripts/gen-package-sandbox.ts); installed before the prune, as a user would.
  'package-service-fails-in-container': {
    mutate: (p, r, family) =>
      family === 'debian' ? { ...p, extraBeforePrune: [`RUN ${r.install(['redis-server'])}`] } : null,
    expectAfterFix: () =>
      "printf '[Service]\\nPrivateUsers=no\\n' >/etc/systemd/system/redis-server.service.d/container.conf",
  },
};

describe('rule × family matrix', () => {
  it('every rule has a mutation', () => {
    for (const rule of dockerfileRules) assert.ok(MUTATIONS[rule.meta.name], `no mutation for ${rule.meta.name}`);
  });

  for (const [family, base] of Object.entries(FAMILY_BASES)) {
    describe(family, () => {
      const recipe = recipeFor(describeBaseImage(base).family);
      const canonical = canonicalParts(base, recipe);

      it(`${base} is recognised as ${family}`, () => assert.equal(describeBaseImage(base).family, family));
      it('the canonical recipe is clean', () => assert.deepEqual(names(render(canonical)), []));

      for (const [rule, mutation] of Object.entries(MUTATIONS)) {
        const mutated = mutation.mutate(canonical, recipe, family);
        if (!mutated) continue;
        const text = render(mutated);
        it(`${rule}: fires, is suppressible, and each fix is exact`, () => {
          const findings = lintDockerfile(text);
          const target = findings.filter((f) => f.ruleName === rule);
          assert.ok(target.length > 0, `${rule} did not fire on:\n${text}\nfindings: ${names(text).join(', ')}`);
          assert.ok(!names(`# systemd-lint global ignore=${rule}\n${text}`).includes(rule), 'global pragma');

          const before = counts(findings);
          for (const finding of target) {
            finding.fixes.forEach((fix, i) => {
              const after = applyFix(text, finding, i);
              const afterCounts = counts(after.findings);
              assert.ok(
                (afterCounts.get(rule) ?? 0) < (before.get(rule) ?? 0),
                `"${fix.title}" left ${rule}:\n${after.text}`,
              );
              for (const [name, n] of afterCounts)
                assert.ok(n <= (before.get(name) ?? 0), `"${fix.title}" added ${name}:\n${after.text}`);
            });
          }
          const expected = mutation.expectAfterFix?.(recipe);
          if (expected) {
            const preferred = target[0].fixes[0];
            assert.ok(preferred, `${rule} offers no fix`);
            const after = applyFix(text, target[0], 0);
            assert.ok(after.text.includes(expected), `"${preferred.title}" should write ${expected}:\n${after.text}`);
          }
        });
      }
    });
  }
});
