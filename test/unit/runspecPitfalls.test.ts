/**
 * The run-configuration pitfall table (server/src/runspec/pitfalls/): each pitfall is one module,
 * adapted once by every format that states a run configuration, its fix abstract until a format
 * spells it; and the table depends on no format (layers point down).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { RuleMeta } from '../../server/src/core/types';
import { composeRules } from '../../server/src/kinds/compose/rules';
import { devcontainerRules } from '../../server/src/kinds/devcontainer/rules';
import { moleculePitfallRules } from '../../server/src/kinds/molecule/rules/pitfallAdapter';
import { quadletPitfallRules } from '../../server/src/kinds/quadlet/rules/pitfallAdapter';
import { unitRules } from '../../server/src/kinds/unit/engineCommandRules';
import { PITFALLS, type PitfallId } from '../../server/src/runspec/pitfalls';
import { at, bind, reports, spec } from './runspec/pitfalls/runSpecs';

const ROOT = path.resolve(__dirname, '../../..');

describe('run-configuration pitfalls: one table, adapted per format', () => {
  const formats = [
    { prefix: 'compose-', rules: composeRules },
    { prefix: 'devcontainer-', rules: devcontainerRules },
    { prefix: 'unit-run-', rules: unitRules },
    { prefix: 'molecule-', rules: moleculePitfallRules },
  ];

  it('every format has exactly one rule per pitfall, whose docs start with the pitfall’s', () => {
    // The systemd pitfalls: every format that runs a container adapts each. The pitfalls of every
    // container (privileged, the host cgroupfs under Podman, an engine socket) are Quadlet's so far.
    const adapted = (p: (typeof PITFALLS)[number], rules: readonly { meta: RuleMeta }[], prefix: string) =>
      rules.filter((r) => r.meta.name === `${prefix}${p.meta.id}` || QUADLET_NAMES[r.meta.id] === p.meta.id);
    const QUADLET_NAMES: Record<string, PitfallId> = {
      SCT501: 'privileged-container',
      SCT502: 'cgroup-bind-mount',
      SCT503: 'engine-socket-mount',
    };
    const everyContainer = PITFALLS.filter((p) => p.meta.scope === 'every-container');
    assert.deepEqual(everyContainer.map((p) => p.meta.id).sort(), Object.values(QUADLET_NAMES).sort());
    const check = (p: (typeof PITFALLS)[number], mine: readonly { meta: RuleMeta }[], name: string) => {
      assert.equal(mine.length, 1, name);
      const meta = mine[0].meta;
      assert.ok(meta.explanation.startsWith(p.meta.explanation), meta.name);
      assert.equal(meta.defaultSeverity, p.meta.defaultSeverity, meta.name);
      assert.deepEqual(meta.sources.slice(0, p.meta.sources.length), p.meta.sources, meta.name);
      if (p.meta.scope !== 'every-container') assert.ok(meta.recipe, `${meta.name} has a recipe`);
    };
    for (const { prefix, rules } of formats) {
      for (const p of PITFALLS) {
        const mine = adapted(p, rules, prefix);
        if (p.meta.scope === 'every-container') assert.equal(mine.length, 0, `${prefix}${p.meta.id}`);
        else check(p, mine, `${prefix}${p.meta.id}`);
      }
    }
    for (const p of everyContainer) check(p, adapted(p, quadletPitfallRules, 'quadlet-'), `quadlet: ${p.meta.id}`);
    const ids = [
      ...formats.flatMap((f) => f.rules.map((r) => r.meta.id)),
      ...quadletPitfallRules.map((r) => r.meta.id),
    ];
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  });

  it(
    'a clean run configuration has no pitfall; one without tmpfs, cgroup, stop signal or container= has those ' +
      'four',
    () => {
      const clean = spec((s) => {
        s.mounts.push({ kind: 'tmpfs', target: '/run', readOnly: false, options: [], range: at(1), via: 'tmpfs-flag' });
        s.mounts.push({
          kind: 'tmpfs',
          target: '/run/lock',
          readOnly: false,
          options: [],
          range: at(1),
          via: 'tmpfs-flag',
        });
        s.mounts.push(bind('/sys/fs/cgroup', '/sys/fs/cgroup'));
        s.cgroupns = { value: 'host', range: at(2) };
        s.stopSignal = { value: 'SIGRTMIN+3', range: at(3) };
        s.env.push({ name: 'container', value: 'docker', range: at(4) });
      });
      assert.deepEqual(reports(clean), []);
      const bare = spec(() => {});
      assert.deepEqual(
        reports(bare).map((r) => r.pitfall),
        ['missing-tmpfs', 'missing-cgroup', 'missing-stop-signal', 'missing-container-env'],
      );
    },
  );

  it('runspec/ imports no rules or format adapter (kinds/*/rules, engineCommandRules, rules/): layers point down', () => {
    const dir = path.join(ROOT, 'server/src/runspec');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 10, 'runspec sources found');
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const target = path.relative(
          path.join(ROOT, 'server/src'),
          path.resolve(path.dirname(path.join(dir, f)), m[1]),
        );
        const rulesLayer =
          /^rules(\/|$)|^kinds\/[^/]+\/(rules|engineCommandRules)(\/|$)|^kinds\/(registry|ruleCatalog)/;
        assert.ok(!rulesLayer.test(target), `${f} imports ${m[1]}`);
      }
    }
  });
});
