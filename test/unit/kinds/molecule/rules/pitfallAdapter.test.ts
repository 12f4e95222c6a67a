/**
 * Tests of the Molecule adapter of the run-configuration pitfalls (SCT801–SCT810): each rule on its
 * case, the platforms of real scenario shapes on the pitfall table, the podman driver's systemd
 * mode, drivers that are not containers, pragmas.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintMolecule } from '../../../../../server/src/kinds/molecule/lint';
import { parseMolecule } from '../../../../../server/src/kinds/molecule/model';
import { moleculeRules } from '../../../../../server/src/kinds/molecule/rules';
import { moleculePitfallRules } from '../../../../../server/src/kinds/molecule/rules/pitfallAdapter';
import { initLinter } from '../../../../../server/src/lint';
import { assertEachRuleFires, assertFixesClean, fixed, lines } from '../../../runspecHelpers';
import { CLEAN, GEERLINGGUY_OLD, GEERLINGGUY_V2, MOLECULE_DOCS, NO_COMMAND, names } from '../moleculeInputs';

before(() => initLinter());

/** A docker-driver platform that runs systemd, with these lines added. */
const platform = (...extra: string[]) =>
  lines([
    'driver:',
    '  name: docker',
    'platforms:',
    '  - name: sd',
    '    image: jrei/systemd-debian:12',
    '    command: /sbin/init',
    ...extra,
  ]);

describe('Molecule platforms on the pitfall table', () => {
  it('each rule fires on its case', () => {
    const bare = platform();
    const cases = {
      'molecule-missing-tmpfs': bare,
      'molecule-missing-cgroup': bare,
      'molecule-privileged': platform('    privileged: true'),
      'molecule-cgroup-ro-mount': platform('    volumes:', '      - /sys/fs/cgroup:/sys/fs/cgroup:ro'),
      'molecule-cgroup-rw-without-cgroupns-host': platform('    volumes:', '      - /sys/fs/cgroup:/sys/fs/cgroup:rw'),
      'molecule-cgroup-v1-path-mount': platform(
        '    volumes:',
        '      - /sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd',
      ),
      'molecule-missing-stop-signal': platform('    stop_signal: SIGTERM'),
      'molecule-missing-container-env': bare,
      'molecule-host-run-lock-bind': platform('    volumes:', '      - /run/lock:/run/lock'),
      'molecule-host-network-systemd': platform('    network_mode: host'),
    };
    assertEachRuleFires(names, cases, CLEAN, moleculePitfallRules);
  });

  it('a clean platform has no finding', () => {
    assert.deepEqual(names(CLEAN), []);
  });

  it("geerlingguy's older shape: read-only cgroupfs and privileged mode, the stop signal missing", () => {
    const found = names(GEERLINGGUY_OLD);
    assert.ok(found.includes('molecule-cgroup-ro-mount'), found.join());
    assert.ok(found.includes('molecule-privileged'), found.join());
    assert.ok(found.includes('molecule-missing-stop-signal'), found.join());
    assert.ok(!found.includes('molecule-no-init-command'), 'command: "" keeps the image CMD');
    const rw = fixed(lintMolecule, GEERLINGGUY_OLD, 'molecule-cgroup-ro-mount');
    assert.match(rw, /- \/sys\/fs\/cgroup:\/sys\/fs\/cgroup:rw\n/);
    assert.match(rw, /\n    cgroupns_mode: host\n/);
    assertFixesClean(lintMolecule, GEERLINGGUY_OLD);
  });

  it('the cgroup v2 shape keeps only what privileged mode hides', () => {
    const found = names(GEERLINGGUY_V2);
    assert.ok(
      !found.includes('molecule-cgroup-ro-mount') && !found.includes('molecule-cgroup-rw-without-cgroupns-host'),
    );
    assert.ok(found.includes('molecule-privileged'), found.join());
    const unprivileged = fixed(lintMolecule, GEERLINGGUY_V2, 'molecule-privileged');
    assert.doesNotMatch(unprivileged, /privileged/);
    assert.match(unprivileged, /tmpfs:\n {6}- \/run\n {6}- \/run\/lock\n/);
    assertFixesClean(lintMolecule, GEERLINGGUY_V2);
  });

  it("Molecule's documented recipe: the read-only cgroupfs is reported, its tmpfs on /run is enough", () => {
    const found = names(MOLECULE_DOCS);
    assert.ok(found.includes('molecule-cgroup-ro-mount'), found.join());
    assert.ok(!found.includes('molecule-privileged') && !found.includes('molecule-missing-tmpfs'), found.join());
    assertFixesClean(lintMolecule, MOLECULE_DOCS);
  });

  it('every pitfall the table holds for systemd and the init rule are reached by some scenario', () => {
    const more = [
      lines([
        'platforms:',
        '  - name: v1',
        '    image: jrei/systemd-debian:12',
        '    command: /sbin/init',
        '    network_mode: host',
        '    volumes:',
        '      - /sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd',
        '      - /run/lock:/run/lock',
        '      - /sys/fs/cgroup/unified:/sys/fs/cgroup:rw',
        'provisioner:',
        '  name: ansible',
      ]),
      lines(['platforms:', '  - name: bare', '    image: jrei/systemd-debian:12', '    command: /sbin/init']),
      lines([
        'platforms:',
        '  - name: rw',
        '    image: jrei/systemd-debian:12',
        '    command: /sbin/init',
        '    volumes:',
        '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
      ]),
    ];
    const seen = new Set([GEERLINGGUY_OLD, GEERLINGGUY_V2, MOLECULE_DOCS, NO_COMMAND, ...more].flatMap(names));
    for (const rule of moleculeRules) assert.ok(seen.has(rule.meta.name), `${rule.meta.id} ${rule.meta.name}`);
    for (const text of more) assertFixesClean(lintMolecule, text);
  });

  it("the podman driver: Podman's systemd mode provides tmpfs, cgroup and stop signal", () => {
    const podman = lines([
      'driver:',
      '  name: podman',
      'platforms:',
      '  - name: fedora',
      '    image: registry.fedoraproject.org/fedora:40',
      '    command: /sbin/init',
      '    systemd: always',
    ]);
    assert.deepEqual(names(podman), []);
    assert.equal(parseMolecule(podman).platforms[0].spec.engine, 'podman');
  });

  it('drivers that are not containers (delegated, vagrant) and broken YAML give nothing and do not throw', () => {
    const delegated = lines(['driver:', '  name: delegated', 'platforms:', '  - name: vm', '    command: /sbin/init']);
    assert.deepEqual(names(delegated), []);
    assert.deepEqual(names('platforms: [\n  - name: x\n'), []);
    assert.deepEqual(names('platforms:\n  - just a string\n  - 7\n'), []);
  });

  it('a pragma above the platform silences its findings', () => {
    const text = GEERLINGGUY_OLD.replace('  - name: instance', '  # systemd-lint ignore=SCT803\n  - name: instance');
    assert.ok(!names(text).includes('molecule-privileged'));
  });
});
