/**
 * Molecule scenarios as people write them (geerlingguy's, Molecule's documented recipe) for the
 * Molecule rule tests.
 */
import { lintMolecule } from '../../../../server/src/kinds/molecule/lint';
import { lines, ruleNames } from '../../runspecHelpers';

export const names = (text: string) => ruleNames(lintMolecule, text);

// Shape of geerlingguy's roles (blog "Testing your Ansible roles with Molecule" and the roles'
// molecule/default/molecule.yml, older releases): a systemd image of his, its CMD kept by an empty
// command, the cgroupfs read-only, privileged.
export const GEERLINGGUY_OLD = lines([
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
export const GEERLINGGUY_V2 = lines([
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
export const MOLECULE_DOCS = lines([
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
export const NO_COMMAND = lines([
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
export const CLEAN = lines([
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
