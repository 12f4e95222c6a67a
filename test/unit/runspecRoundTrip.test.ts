/**
 * "What we would run" and "what you wrote" are one type: the engine's run profile rendered as a
 * compose service and read back by the compose reader gives the same run spec, field by field,
 * and the rendered compose file lints clean for a systemd image.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { factsFromApi } from '../../shared/engine/facts';
import { imageFactsFromInspect, type ImageFacts } from '../../shared/engine/image';
import { buildRunProfile, composeService } from '../../shared/engine/runProfile';
import { parseCompose } from '../../server/src/kinds/compose/model';
import { compareWithProfile } from '../../shared/runSpec';
import { lintCompose } from '../../server/src/lint';

const FIX = path.resolve(__dirname, '../../../test/fixtures/engine/api');
const docker = factsFromApi(
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-version.json'), 'utf8')),
  JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-info.json'), 'utf8')),
);
const image: ImageFacts = {
  ...imageFactsFromInspect(
    { Id: 'sha256:1', Config: { Cmd: ['bash'], Env: ['PATH=/usr/bin'] } },
    'sct/debian-systemd:bookworm',
  ),
  systemd: {
    systemdPath: '/lib/systemd/systemd',
    initPaths: ['/sbin/init'],
    checked: [{ path: '/lib/systemd/systemd', found: true }],
  },
};

describe('run profile ↔ run configuration', () => {
  for (const [title, facts] of [
    ['cgroup v1 Docker', docker],
    // The hybrid host's arrangement (systemd ≥ 258 boots only with it): the host's cgroup2 hierarchy as /sys/fs/cgroup.
    ['cgroup v1 hybrid Docker', { ...docker, cgroupLayout: 'hybrid' as const }],
    [
      'cgroup v2 Docker',
      { ...docker, cgroupVersion: 2 as const, cgroupDriver: 'systemd', defaultCgroupns: 'private' as const },
    ],
  ] as const) {
    it(`${title}: the compose rendering reads back as the same spec and lints clean`, () => {
      const profile = buildRunProfile(facts, image, { name: 'web' });
      const yaml = composeService(profile, 'web');
      const compose = parseCompose(yaml);
      assert.equal(compose.services.length, 1);
      const differences = compareWithProfile(profile.spec, compose.services[0].spec);
      assert.deepEqual(differences, [], `${yaml}\n${JSON.stringify(differences, null, 2)}`);
      const findings = lintCompose(yaml, { path: '/w/compose.yaml' }).filter(
        (f) => f.severity === 'error' || f.severity === 'warning',
      );
      // On cgroup v1 too the bind is read-write with the host namespace: the file travels to v2.
      assert.deepEqual(
        findings.map((f) => f.ruleId),
        [],
        `${yaml}
${findings.map((f) => f.message).join('\n')}`,
      );
    });
  }
});
