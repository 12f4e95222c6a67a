/**
 * SCT116: a package on an install line ships a service that cannot start in an unprivileged
 * container (DynamicUser=, PrivateUsers=, BindReadOnlyPaths= to another place …), read from
 * Debian's packages by scripts/gen-package-sandbox.ts.
 */
import type { DockerfileRule, RuleReport } from '../ruleContext';
import { SANDBOX_SETTINGS, verdict } from '../../../security/containerSandbox';
import { failingUnitsOf, suiteOfSystemd, type PackageUnit } from '../../../security/packageSandbox';
import { systemdReleaseOfImage } from '../../unit/target';
import type { Step } from '../../dockerfile/model';

const FAILS_HOW = 'test/engine/sandbox.test.ts (each setting booted unprivileged on systemd 252, 257, 262)';

/** `redis-server=5:7.0.15-1`, `redis-server/bookworm-backports`: the package name. */
function packageName(word: string): string {
  return word.replace(/[=/].*$/, '').replace(/:(amd64|arm64|i386|all)$/, '');
}

function stepText(lines: { lineText(n: number): string }, step: Step): string {
  const out: string[] = [];
  for (let n = step.range.start.line; n <= step.range.end.line; n++) out.push(lines.lineText(n));
  return out.join('\n');
}

/** The first failing setting's exit status in the default (unprivileged Docker) profile. */
function statusOf(unit: PackageUnit): string {
  for (const line of unit.settings) {
    const setting = SANDBOX_SETTINGS.find((s) => s.key === line.split('=')[0]);
    const v = setting && verdict(setting, 'docker');
    if (v?.outcome === 'fails') return v.status;
  }
  return 'a namespace error';
}

/** `PrivateUsers=true` → `PrivateUsers=no`; a path list (`BindReadOnlyPaths=…`) → empty, which resets it. */
function offLine(line: string): string {
  const key = line.split('=')[0];
  return [
    'BindPaths',
    'BindReadOnlyPaths',
    'TemporaryFileSystem',
    'MountImages',
    'ExtensionImages',
    'ExtensionDirectories',
  ].includes(key)
    ? `${key}=`
    : `${key}=no`;
}

export const packageServiceFailsInContainer: DockerfileRule = {
  meta: {
    id: 'SCT116',
    name: 'package-service-fails-in-container',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'an installed package ships a service whose sandboxing cannot start in an unprivileged container',
    explanation:
      'Some Debian packages ship services with sandboxing an unprivileged container does not allow: ' +
      '`DynamicUser=yes` and other settings that insist on a mount namespace fail with `226/NAMESPACE`, ' +
      '`PrivateUsers=` with `217/USER` (docs/security.md, SCT710). Debian enables and starts such a service' +
      " on install, so the image boots `degraded` (redis-server's `PrivateUsers=true`, haproxy's " +
      "`BindReadOnlyPaths=`, earlyoom's `DynamicUser=`, …). The packages and their units are read from " +
      "Debian's packages themselves by `scripts/gen-package-sandbox.ts` (every package of the release's " +
      'chroot and about 100 service packages), for the release of the base image (bookworm, trixie or sid; ' +
      'trixie when the suite is not named). The fix writes a drop-in that turns the setting off for the ' +
      'image (with `DynamicUser=no`, set `User=` too or the service runs as root); running with `--cap-add ' +
      'SYS_ADMIN` (or, for `PrivateUsers=` only, `--security-opt seccomp=unconfined`) also works, at the ' +
      "cost of the container's isolation. Quiet when the unit is masked or disabled later, or a drop-in for" +
      ' it is written.',
    sources: [
      'server/src/security/data/packageSandbox.json (scripts/gen-package-sandbox.ts, from Debian bookworm, trixie ' +
        'and sid packages)',
      FAILS_HOW,
      'test/engine/hardening.test.ts: redis-server and haproxy installed with apt fail with 217 and 226 in the ' +
        'unprivileged run profile',
    ],
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (!facts.intent || model.base.family !== 'debian') return [];
    const suite = suiteOfSystemd(systemdReleaseOfImage(model.base.reference));
    const out: RuleReport[] = [];
    for (const install of facts.installs) {
      if (install.item.manager !== 'apt') continue;
      for (const word of install.item.packages) {
        const pkg = packageName(word);
        for (const unit of failingUnitsOf(pkg, suite)) {
          if (facts.masked.has(unit.unit) || facts.disabled.has(unit.unit)) continue;
          const later = model.steps.filter(
            (s) => s.range.start.line >= install.step.range.start.line && s.stageIndex === install.step.stageIndex,
          );
          if (later.some((s) => stepText(model.lines, s).includes(`${unit.unit}.d`))) continue;
          const dir = `/etc/systemd/system/${unit.unit}.d`;
          const body = ['[Service]', ...unit.settings.map(offLine)].join('\\n');
          const dynamic = unit.settings.some((line) => line.startsWith('DynamicUser='));
          const started = unit.enabled
            ? 'Debian enables and starts it on install'
            : 'it starts when something asks for it';
          out.push({
            range: ctx.spanRange(install.run, install.item),
            message:
              `${pkg} ships ${unit.unit} with ${unit.settings.join(', ')} (Debian ${suite}'s package), which fails ` +
              `with ${statusOf(unit)} in an unprivileged container. Turn the setting off with a drop-in.`,
            detail:
              `${unit.enabled ? 'The boot is degraded' : 'It fails whenever it starts'} ` +
              `(${started}). Turn the setting off for the image with a drop-in in ${dir}/` +
              `${dynamic ? ' (with DynamicUser=no set User= too, or it runs as root)' : ''}, ` +
              'or run with --cap-add SYS_ADMIN (less isolation).',
            fixes: [
              {
                title: `Add a drop-in for ${unit.unit}: ${unit.settings.map(offLine).join(' ')}`,
                edits: [
                  ctx.insertLines(install.step.range.end.line + 1, [
                    `RUN mkdir -p ${dir} \\`,
                    ` && printf '${body}\\n' >${dir}/container.conf`,
                  ]),
                ],
              },
            ],
          });
        }
      }
    }
    return out;
  },
};
