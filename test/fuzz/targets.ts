/**
 * The linter entry points the fuzzer feeds, each with its seed files (../shared/corpus, read in
 * place, plus the test fixtures). A new file kind adds one entry here.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../../server/src/core/types';
import { lintDockerfile, lintFile, type LintKind } from '../../server/src/lint';
import { corpusDir } from '../../scripts/corpus';

export interface FuzzTarget {
  name: string;
  seeds: string[];
  lint(text: string): Finding[];
}

const REPO = path.resolve(__dirname, '..', '..', '..');

function corpusSeeds(kind: string): string[] {
  const manifest = fs.readFileSync(path.join(corpusDir(), 'manifest.json'), 'utf8');
  const records = JSON.parse(manifest) as { kind: string; file: string }[];
  return records.filter((r) => r.kind === kind).map((r) => fs.readFileSync(path.join(corpusDir(), r.file), 'utf8'));
}

function fixtureSeeds(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (match.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(REPO, dir));
  return out;
}

/** Seeds for kinds the corpus has no files of. */
const INLINE_SEEDS: Partial<Record<LintKind, string[]>> = {
  devcontainer: [
    `{
  // a systemd dev container
  "name": "systemd",
  "build": { "dockerfile": "Dockerfile", "context": ".." },
  "runArgs": ["--tmpfs=/run", "--tmpfs", "/run/lock", "--cgroupns=host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw"],
  "overrideCommand": false,
  "privileged": false,
  "containerEnv": { "container": "docker" },
  "mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"],
}`,
    `{ "image": "jrei/systemd-ubuntu:22.04", "init": true, "runArgs": ["--privileged", ` +
      `"--stop-signal=SIGRTMIN+3"], "overrideCommand": true }`,
  ],
  // Shapes of role scenarios (geerlingguy's roles; Molecule's "Systemd Container" example).
  molecule: [
    'driver:\n  name: docker\nplatforms:\n  - name: instance\n    image: "geerlingguy/docker-${MOLECULE_DISTRO:-' +
      'rockylinux9}-ansible:latest"\n    command: ${MOLECULE_DOCKER_COMMAND:-""}\n    volumes:\n      - ' +
      '/sys/fs/cgroup:/sys/fs/cgroup:ro\n    privileged: true\n    pre_build_image: true\n',
    'driver:\n  name: docker\nplatforms:\n  - name: c9\n    image: quay.io/centos/centos:stream9\n    command: ' +
      '/sbin/init\n    tmpfs: [/run, /tmp]\n    volumes: [/sys/fs/cgroup:/sys/fs/cgroup:ro]\n    env: {A: b}\n' +
      '  - name: deb\n    image: debian:12\n    cgroupns_mode: host\n    volumes:\n      - /sys/fs/cgroup:/sys/' +
      'fs/cgroup:rw\n',
  ],
};

export function fuzzTargets(): FuzzTarget[] {
  return [
    {
      name: 'dockerfile',
      seeds: [
        ...corpusSeeds('dockerfile'),
        ...fixtureSeeds('test', /(^|\.)(Dockerfile|Containerfile)$|\.(dockerfile|containerfile)$/i),
      ],
      lint: (text) => lintDockerfile(text),
    },
    ...(
      [
        ['compose', 'compose', /^(compose|docker-compose).*\.ya?ml$/, '/w/compose.yaml'],
        ['devcontainer', 'devcontainer', /^devcontainer\.json$/, '/w/.devcontainer/devcontainer.json'],
        ['unit', 'unit', /\.(service|socket|timer|mount|target)$/, '/w/x.service'],
        ['quadlet', 'quadlet', /\.(container|volume|pod|kube|network)$/, '/w/containers/systemd/x.container'],
        ['nspawn', 'nspawn', /\.nspawn$/, '/w/x.nspawn'],
        ['molecule', 'molecule', /^molecule\.ya?ml$/, '/w/roles/r/molecule/default/molecule.yml'],
      ] as [string, LintKind, RegExp, string][]
    ).map(([name, kind, fixture, path]) => ({
      name,
      seeds: [...corpusSeeds(kind), ...fixtureSeeds('test/fixtures', fixture), ...(INLINE_SEEDS[kind] ?? [])],
      lint: (text: string) => lintFile(kind, text, { path, readFile: () => undefined, listDir: () => undefined }),
    })),
  ];
}
