/**
 * SCT116 package-service-fails-in-container: packages named on an apt install line whose services
 * cannot start in an unprivileged container, from the data scripts/gen-package-sandbox.ts reads out
 * of Debian's packages (the engine test test/engine/hardening.test.ts boots two of them and sees them fail).
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { failingUnitsOf, packagesRead, PACKAGE_RELEASES } from '../../server/src/security/packageSandbox';
import { applyFix, df } from './helpers';

before(() => initLinter());

const image = (from: string, ...run: string[]) =>
  df([
    `FROM ${from}`,
    'ENV container=docker',
    'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv nginx redis-server \\',
    '    && rm -rf /var/lib/apt/lists/*',
    ...run,
    'STOPSIGNAL SIGRTMIN+3',
    'CMD ["/lib/systemd/systemd"]',
  ]);

const sct116 = (text: string) => lintDockerfile(text).filter((f) => f.ruleId === 'SCT116');

describe('SCT116: a package that ships a service the container cannot start', () => {
  it('the data was read from Debian packages of each release', () => {
    assert.deepEqual(PACKAGE_RELEASES, ['bookworm', 'trixie', 'sid']);
    for (const suite of PACKAGE_RELEASES)
      assert.ok(packagesRead(suite) >= 190, `${suite}: ${packagesRead(suite)} packages`);
    assert.deepEqual(failingUnitsOf('redis-server', 'bookworm'), [
      { unit: 'redis-server.service', settings: ['PrivateUsers=true'], enabled: true },
    ]);
    assert.deepEqual(failingUnitsOf('nginx', 'bookworm'), []);
    // irqbalance took PrivateUsers= after bookworm.
    assert.deepEqual(failingUnitsOf('irqbalance', 'bookworm'), []);
    assert.equal(failingUnitsOf('irqbalance', 'trixie')[0]?.unit, 'irqbalance.service');
  });

  it('names redis-server on its install line with the exit status and the fixes, not nginx', () => {
    const findings = sct116(image('debian:bookworm'));
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.match(
      f.message,
      /^redis-server ships redis-server\.service with PrivateUsers=true \(Debian bookworm's package\)/,
    );
    assert.match(f.message, /217\/USER/);
    assert.match(f.detail ?? '', /--cap-add SYS_ADMIN/, 'the hover detail names the run flag');
    assert.equal(f.range.start.line, 2);
    assert.equal(f.severity, 'warning');
  });

  it('the fix writes a drop-in that turns the setting off, and the finding goes', () => {
    const text = image('debian:bookworm');
    const { text: fixed, findings } = applyFix(text, sct116(text)[0]);
    assert.match(
      fixed,
      /RUN mkdir -p \/etc\/systemd\/system\/redis-server\.service\.d \\\n && printf '\[Service\]\\nPrivateUsers=no\\n' >\/etc\/systemd\/system\/redis-server\.service\.d\/container\.conf\n/,
    );
    assert.deepEqual(
      findings.filter((x) => x.ruleId === 'SCT116'),
      [],
    );
    // the fix adds no finding of any rule
    assert.deepEqual(
      findings.map((x) => x.ruleId),
      lintDockerfile(text)
        .filter((x) => x.ruleId !== 'SCT116')
        .map((x) => x.ruleId),
    );
  });

  it('quiet when the unit is masked or disabled, for images that do not run systemd, and for other families', () => {
    assert.deepEqual(sct116(image('debian:bookworm', 'RUN systemctl mask redis-server.service')), []);
    assert.deepEqual(sct116(image('debian:bookworm', 'RUN systemctl disable redis-server')), []);
    assert.deepEqual(
      sct116(
        df(['FROM debian:bookworm', 'RUN apt-get update && apt-get install -y redis-server', 'CMD ["redis-server"]']),
      ),
      [],
    );
    assert.deepEqual(
      sct116(
        image('fedora:40').replace(/apt-get update && apt-get install -y --no-install-recommends/, 'dnf install -y'),
      ),
      [],
    );
  });

  it('judged for the release of the base image: trixie and sid name irqbalance, bookworm does not', () => {
    const withIrq = (from: string) => image(from).replace('nginx redis-server', 'irqbalance');
    assert.deepEqual(sct116(withIrq('debian:bookworm')), []);
    assert.match(
      sct116(withIrq('debian:trixie'))[0]?.message ?? '',
      /irqbalance ships irqbalance\.service with PrivateUsers=true \(Debian trixie/,
    );
    assert.match(sct116(withIrq('sct/debian-systemd:sid'))[0]?.message ?? '', /Debian sid/);
    // a Debian base whose suite we cannot tell: Debian stable's (trixie) packages
    assert.match(sct116(withIrq('debian:stable-slim'))[0]?.message ?? '', /Debian trixie/);
  });

  it('a version or release suffix on the package word still names the package', () => {
    const text = image('debian:bookworm').replace('redis-server', 'redis-server=5:7.0.15-1~deb12u1');
    assert.equal(sct116(text).length, 1);
  });
});
