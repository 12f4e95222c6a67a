/** The file-kind detector (server/src/kinds/detect.ts): by name, by content, skipped kinds, editor documents. */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectKind, documentKind, KINDS, LINT_KINDS } from '../../server/src/kinds/detect';
import { LINTED_KINDS } from '../../server/src/kinds/registry';
import { allRuleMetas } from '../../server/src/kinds/ruleCatalog';
import { looksLikeCompose } from '../../server/src/kinds/compose/detection';
import { looksLikeDockerfile } from '../../server/src/kinds/dockerfile/detection';
import { lintFile } from '../../server/src/lint';
import { splitQuadlets } from '../../server/src/kinds/quadlet/multiFile';

const DOCKERFILE = 'FROM debian:12\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';
const COMPOSE = 'services:\n  sd:\n    image: debian:12\n    command: /sbin/init\n';
const K8S =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      ' +
  'containers:\n        - name: web\n          image: nginx\n';
const kindOf = (path: string, text?: string) => {
  const d = detectKind(path, text);
  return 'lint' in d ? d.lint : `skip${d.kind ? `:${d.kind}` : ''}`;
};

it('certain names need no content; Dockerfile names with a suffix are judged by their instructions', () => {
  assert.equal(kindOf('Dockerfile'), 'dockerfile');
  assert.equal(kindOf('a/b/Containerfile'), 'dockerfile');
  assert.equal(kindOf('build/ci.dockerfile'), 'dockerfile');
  assert.equal(kindOf('compose.yaml'), 'compose');
  assert.equal(kindOf('docker-compose.prod.yaml'), 'compose');
  assert.equal(kindOf('.devcontainer/devcontainer.json'), 'devcontainer');
  assert.equal(kindOf('Containerfile.fedora', DOCKERFILE), 'dockerfile');
  assert.equal(kindOf('Dockerfile-dev', DOCKERFILE), 'dockerfile');
  assert.equal(kindOf('Dockerfile.md', '# How to build\n\nRun docker build.\n'), 'skip');
  assert.equal(kindOf('Containerfile.fedora'), 'skip', 'a hint alone is not enough');
});

it('a Dockerfile by any name is found by its instructions; prose, scripts and INI files are not Dockerfiles', () => {
  assert.equal(kindOf('build/ci', DOCKERFILE), 'dockerfile');
  assert.equal(kindOf('images/base.docker', 'ARG V=12\nFROM debian:${V}\nRUN true\n'), 'dockerfile');
  assert.ok(!looksLikeDockerfile('hello notes\nfrom here on\n'));
  assert.ok(!looksLikeDockerfile('#!/bin/sh\nset -e\necho FROM x\n'));
  assert.ok(!looksLikeDockerfile('[Unit]\nDescription=x\n'));
  assert.ok(!looksLikeDockerfile(''));
  assert.equal(kindOf('notes.txt', 'FROM the start, a note\n'), 'skip', '.txt files are never sniffed');
});

it('compose by content whatever the name; a Kubernetes manifest is recognised and skipped', () => {
  assert.equal(kindOf('stack.yml', COMPOSE), 'compose');
  assert.equal(kindOf('deploy/prod.yaml', '# prod\nversion: "3.8"\nservices:\n  web:\n    build: .\n'), 'compose');
  assert.equal(kindOf('k8s/web.yaml', K8S), 'skip:kubernetes');
  assert.equal(
    kindOf('config.yml', 'services:\n  enabled: true\n  list: [a, b]\n'),
    'skip',
    'services: without service keys',
  );
  assert.equal(kindOf('ansible.yml', '- hosts: all\n  tasks:\n    - name: x\n'), 'skip');
  assert.ok(looksLikeCompose('services:\n\n  # a comment\n  "db":\n    environment:\n      A: 1\n'));
});

it(
  'unit-like files: every unit type, drop-ins, *.in templates, Quadlet kinds (rarer extensions need their ' +
    'section), .nspawn',
  () => {
    for (const ext of ['service', 'socket', 'timer', 'mount', 'automount', 'swap', 'target', 'slice', 'scope'])
      assert.equal(kindOf(`x.${ext}`, '[Unit]\n'), 'unit', ext);
    assert.equal(kindOf('x.path', '[Path]\nPathExists=/x\n'), 'unit');
    assert.equal(kindOf('x.path', 'M 10 10 L 20 20\n'), 'skip', 'an SVG path is not a path unit');
    assert.equal(kindOf('foo.service.d/override.conf', '[Service]\nRestart=always\n'), 'unit');
    const tmpl = detectKind('units/foo.service.in', '[Service]\nExecStart=@bindir@/foo\n');
    assert.deepEqual('lint' in tmpl && [tmpl.lint, tmpl.lintPath], ['unit', 'units/foo.service']);
    for (const [ext, section] of [
      ['container', 'Container'],
      ['pod', 'Pod'],
      ['kube', 'Kube'],
      ['network', 'Network'],
      ['volume', 'Volume'],
      ['image', 'Image'],
      ['build', 'Build'],
    ]) {
      assert.equal(
        kindOf(`app.${ext}`, `[${section}]\n${ext === 'network' ? 'Subnet=10.0.0.0/24\n' : ''}`),
        'quadlet',
        ext,
      );
    }
    assert.equal(kindOf('disk.image', 'not an ini file'), 'skip');
    assert.equal(kindOf('app.quadlets', '# FileName=web.container\n[Container]\nImage=x\n'), 'quadlet');
    assert.equal(kindOf('web.nspawn', '[Exec]\nBoot=yes\n'), 'nspawn');
    assert.equal(kindOf('web.service', 'this is not INI\n'), 'skip');
  },
);

it('unknown files are skipped with a reason; --kind and --help share one list', () => {
  const d = detectKind('notes.txt', 'hello');
  assert.ok('skip' in d && /not a file kind this linter knows/.test(d.skip));
  assert.deepEqual([...LINT_KINDS].sort(), [
    'compose',
    'devcontainer',
    'dockerfile',
    'molecule',
    'nspawn',
    'quadlet',
    'unit',
  ]);
  for (const k of KINDS) assert.ok(k.description.length > 0 && k.languageIds.length > 0, k.name);
});

it('editor documents: a YAML document that is a compose file gets the compose linter whatever its name', () => {
  assert.equal(documentKind('yaml', '/w/stack.yml', COMPOSE), 'compose');
  assert.equal(documentKind('yaml', '/w/k8s.yaml', K8S), undefined);
  assert.equal(documentKind('yaml', '/w/other.yaml', 'a: 1\n'), undefined);
  assert.equal(documentKind('yaml', undefined, COMPOSE), 'compose', 'untitled');
  assert.equal(documentKind('dockerfile', '/w/anything', ''), 'dockerfile');
  assert.equal(documentKind('systemd-unit', '/w/app.volume', '[Volume]\n'), 'quadlet');
  assert.equal(documentKind('systemd-unit', '/w/web.nspawn', ''), 'nspawn');
  assert.equal(documentKind('jsonc', '/w/.devcontainer/devcontainer.json', '{}'), 'devcontainer');
  assert.equal(documentKind('json', '/w/package.json', '{}'), undefined);
  assert.equal(documentKind('plaintext', '/w/notes.txt', DOCKERFILE), undefined);
});

it('.quadlets: each part linted as the file it names, findings at the lines of the whole file', () => {
  const text =
    '# FileName=web.container\n[Container]\nImage=nginx\nBogus=1\n---\n# FileName=data\n[Volume]\nBogus2=1\n';
  const parts = splitQuadlets(text);
  assert.deepEqual(
    parts.map((p) => p.name),
    ['web.container', 'data.volume'],
  );
  assert.equal(parts[1].text.split('\n').length, text.split('\n').length);
  const findings = lintFile('quadlet', text, { path: '/w/app.quadlets' }).filter((f) => f.ruleName === 'unknown-key');
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [3, 7],
  );
});

it('the registry: each kind names its own rules, every rule belongs to a registered kind, names are unique', () => {
  const names = KINDS.map((k) => k.name);
  assert.equal(new Set(names).size, names.length, names.join(', '));
  for (const kind of LINTED_KINDS) {
    assert.ok(kind.rules.length > 0, kind.name);
    for (const rule of kind.rules) assert.equal(rule.kind, kind.name, `${rule.id} is listed under ${kind.name}`);
  }
  for (const meta of allRuleMetas) assert.ok(meta.kind === 'any' || LINT_KINDS.includes(meta.kind), meta.id);
});
