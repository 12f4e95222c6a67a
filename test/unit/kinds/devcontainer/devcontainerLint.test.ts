/**
 * The devcontainer.json lint as a whole: a complete systemd devcontainer is clean, runArgs are
 * read as docker run options, a Dockerfile beside it counts; pragmas and broken JSON. The rules'
 * own tests are in rules/.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseDevcontainer } from '../../../../server/src/kinds/devcontainer/model';
import { initLinter } from '../../../../server/src/lint';
import { CLEAN, names } from './devcontainerInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('devcontainer.json', () => {
  it('a complete systemd devcontainer is clean; comments and trailing commas are fine', () => {
    assert.deepEqual(names(CLEAN), []);
  });
  it('runArgs are docker run options; mounts as strings and objects; containerEnv', () => {
    const d = parseDevcontainer(
      lines([
        '{',
        '  "image": "x",',
        '  "runArgs": ["-v", "/a:/b:ro", "--privileged", "-e", "A=1"],',
        '  "mounts": [{"source": "/c", "target": "/d", "type": "bind"}, "type=tmpfs,target=/run"],',
        '  "containerEnv": {"B": "2"}',
        '}',
      ]),
    );
    assert.deepEqual(
      d.spec.mounts.map((m) => [m.kind, m.source ?? null, m.target, m.readOnly]),
      [
        ['bind', '/a', '/b', true],
        ['bind', '/c', '/d', false],
        ['tmpfs', null, '/run', false],
      ],
    );
    assert.equal(d.spec.privileged?.value, true);
    assert.deepEqual(
      d.spec.env.map((e) => e.name),
      ['A', 'B'],
    );
  });
  it('a Dockerfile next to devcontainer.json (build.dockerfile is relative to it)', () => {
    const dockerfile = [
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'CMD ["/lib/systemd/systemd"]',
      '',
    ].join('\n');
    const text = lines([
      '{',
      '  "build": { "dockerfile": "Dockerfile", "context": ".." },',
      '  "overrideCommand": false',
      '}',
    ]);
    const opts = {
      path: '/ws/.devcontainer/devcontainer.json',
      readFile: (f: string) => (f === '/ws/.devcontainer/Dockerfile' ? dockerfile : undefined),
    };
    assert.deepEqual(names(text, opts).sort(), [
      'devcontainer-missing-cgroup',
      'devcontainer-missing-container-env',
      'devcontainer-missing-stop-signal',
      'devcontainer-missing-tmpfs',
    ]);
    assert.deepEqual(names(text, { path: opts.path, readFile: () => undefined }), [], 'unreadable Dockerfile: unknown');
  });
});
