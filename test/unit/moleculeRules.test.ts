/**
 * Molecule scenarios (SCT801–SCT811): molecule.yml platforms as run configurations judged by the
 * pitfall table, the sleep-loop command Molecule puts in place when `command:` is missing, fixes
 * spelled in molecule.yml and re-linted, drivers that are not containers, and detection by name
 * and content. The scenarios below are written for these tests after the shapes real role tests
 * use; each names where its shape comes from.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../shared/text';
import { initLinter, lintFile } from '../../server/src/lint';
import { lintMolecule } from '../../server/src/kinds/molecule/lint';
import { moleculeRules } from '../../server/src/kinds/molecule/rules';
import { parseMolecule } from '../../server/src/kinds/molecule/model';
import { detectKind, documentKind } from '../../server/src/kinds/detect';
import { assertFixesClean, fixed, lines, ruleNames } from './runspecHelpers';

before(() => initLinter());

const names = (text: string) => ruleNames(lintMolecule, text);

// Shape of geerlingguy's roles (blog "Testing your Ansible roles with Molecule" and the roles'
// molecule/default/molecule.yml, older releases): a systemd image of his, its CMD kept by an empty
// command, the cgroupfs read-only, privileged.
const GEERLINGGUY_OLD = lines([
  '---',
  'dependency:',
  '  name: galaxy',
  'driver:',
  '  name: docker',
  'platforms:',
  '  - name: instance',
  '    image: "geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest"',
  '    command: ${MOLECULE_DOCKER_COMMAND:-""}',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:ro',
  '    privileged: true',
  '    pre_build_image: true',
  'provisioner:',
  '  name: ansible',
]);

// Shape of the same roles since cgroup v2 hosts (rw cgroupfs and the host cgroup namespace), as
// role templates derived from them write it (e.g. shaneholloman's role skeletons).
const GEERLINGGUY_V2 = lines([
  'driver:',
  '  name: docker',
  'platforms:',
  '  - name: instance',
  '    image: "geerlingguy/docker-ubuntu2204-ansible:latest"',
  '    command: ${MOLECULE_DOCKER_COMMAND:-""}',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
  '    cgroupns_mode: host',
  '    privileged: true',
  '    pre_build_image: true',
]);

// Shape of Molecule's own documentation, "Systemd Container" (docs/examples: a non-privileged
// container with an init command, tmpfs and the cgroupfs read-only).
const MOLECULE_DOCS = lines([
  'driver:',
  '  name: docker',
  'platforms:',
  '  - name: instance',
  '    image: quay.io/centos/centos:stream9',
  '    command: /sbin/init',
  '    tmpfs:',
  '      - /run',
  '      - /tmp',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:ro',
]);

// Shape of a scaffold (`molecule init scenario --driver-name docker`) given the cgroup settings of
// a systemd recipe but no command (a frequent question in role repositories' issues).
const NO_COMMAND = lines([
  'driver:',
  '  name: docker',
  'platforms:',
  '  - name: debian12',
  '    image: debian:12',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
  '    cgroupns_mode: host',
  '    privileged: true',
  '  - name: ubuntu',
  '    image: geerlingguy/docker-ubuntu2404-ansible',
  '    pre_build_image: true',
]);

// A clean unprivileged platform: what the fixes lead to (tmpfs, rw cgroupfs, host cgroupns,
// stop signal, container=), with an image named for systemd.
const CLEAN = lines([
  'driver:',
  '  name: docker',
  'platforms:',
  '  - name: bookworm',
  '    image: jrei/systemd-debian:12',
  '    command: /lib/systemd/systemd',
  '    tmpfs:',
  '      - /run',
  '      - /run/lock',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
  '    cgroupns_mode: host',
  '    stop_signal: SIGRTMIN+3',
  '    env:',
  '      container: docker',
]);

describe('Molecule platforms on the pitfall table', () => {
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

  it('no command: Molecule runs its sleep loop as PID 1; the fix sets the init, or "" for a systemd image', () => {
    const found = lintMolecule(NO_COMMAND).filter((f) => f.ruleName === 'molecule-no-init-command');
    assert.equal(found.length, 2, found.map((f) => f.message).join('\n'));
    assert.match(found[0].message, /Platform "debian12".*sleep 10000/);
    const debian = fixed(lintMolecule, NO_COMMAND, 'molecule-no-init-command', {}, 0);
    assert.match(debian, /privileged: true\n {4}command: \/lib\/systemd\/systemd\n/);
    const ubuntu = found[1].fixes[0];
    assert.equal(ubuntu.title, 'Add command: ""');
    // Once systemd is PID 1 the table judges the platform (its tmpfs, stop signal …): only this rule must go.
    const initRule = (t: string) => names(t).filter((n) => n === 'molecule-no-init-command').length;
    for (const f of found) assert.equal(initRule(applyEdits(NO_COMMAND, f.fixes[0].edits)), 1, f.fixes[0].title);
    const kept = lines(['driver:', '  name: docker', 'platforms:', '  - name: x', '    image: debian:12']);
    assert.deepEqual(names(kept), [], 'a plain platform is not meant for systemd');
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

describe('Molecule detection', () => {
  it('molecule/<scenario>/molecule.yml is certain; molecule.yml elsewhere by its content; editors by path', () => {
    const d = detectKind('roles/web/molecule/default/molecule.yml');
    assert.ok('lint' in d && d.lint === 'molecule', JSON.stringify(d));
    const elsewhere = detectKind('ci/molecule.yml', GEERLINGGUY_OLD);
    assert.ok('lint' in elsewhere && elsewhere.lint === 'molecule', JSON.stringify(elsewhere));
    const notMolecule = detectKind('ci/molecule.yml', 'key: value\n');
    assert.ok('skip' in notMolecule);
    assert.equal(documentKind('yaml', '/w/roles/web/molecule/default/molecule.yml', GEERLINGGUY_OLD), 'molecule');
    assert.equal(documentKind('yaml', '/w/compose.yaml', 'services:\n  a:\n    image: x\n'), 'compose');
    assert.ok(lintFile('molecule', GEERLINGGUY_OLD).length > 0);
  });
});
