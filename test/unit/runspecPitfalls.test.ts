/**
 * The run-configuration pitfall table (server/src/runspec/pitfalls/): each pitfall is one module,
 * adapted once by every format that states a run configuration, its fix abstract until a format
 * spells it; and the table depends on no format (layers point down).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range, RuleMeta } from '../../server/src/core/types';
import {
  checkPitfalls,
  pitfallFix,
  PITFALLS,
  type FixWording,
  type PitfallId,
} from '../../server/src/runspec/pitfalls';
import { imageKnowledge, judgeSystemd } from '../../server/src/runspec/systemdIntent';
import { emptySpec, type MountSpec, type RunSpec } from '../../shared/runSpec';
import { composeRules } from '../../server/src/kinds/compose/rules';
import { devcontainerRules } from '../../server/src/kinds/devcontainer/rules';
import { unitRules } from '../../server/src/kinds/unit/engineCommandRules';
import { moleculePitfallRules } from '../../server/src/kinds/molecule/rules/pitfallAdapter';
import { quadletPitfallRules } from '../../server/src/kinds/quadlet/rules/pitfallAdapter';
import { COMPOSE_VOCABULARY, COMPOSE_WORDING } from '../../server/src/kinds/compose/rules/wording';
import { initLinter, lintCompose, lintDevcontainer, lintUnitRunLines } from '../../server/src/lint';

const ROOT = path.resolve(__dirname, '../../..');

const at = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 1 } });

function spec(build: (s: RunSpec) => void): RunSpec {
  const s = emptySpec('docker', 'docker', at(0));
  s.image = { value: 'jrei/systemd-debian:12', range: at(0) };
  s.command = { value: ['/sbin/init'], range: at(0) };
  build(s);
  return s;
}

function bind(source: string, target: string, readOnly = false, line = 1): MountSpec {
  return { kind: 'bind', source, target, readOnly, options: [], range: at(line), via: 'volume-flag' };
}

function reports(s: RunSpec) {
  return checkPitfalls(s, judgeSystemd(s, imageKnowledge(s)), COMPOSE_VOCABULARY);
}

function fixOf(s: RunSpec, id: PitfallId, wording: FixWording = COMPOSE_WORDING) {
  const report = reports(s).find((r) => r.pitfall === id);
  assert.ok(report, `${id} is reported`);
  return pitfallFix(report, s, wording);
}

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

  it(
    'fixes are abstract edits: privileged is replaced by what is missing of tmpfs, host cgroupns and the cgroupfs ' +
      'bind',
    () => {
      const privileged = spec((s) => {
        s.privileged = { value: true, range: at(1) };
        s.mounts.push(bind('/sys/fs/cgroup', '/sys/fs/cgroup', false, 2));
      });
      const fix = fixOf(privileged, 'privileged');
      assert.deepEqual(fix?.edits, [
        { op: 'remove-privileged' },
        { op: 'add-tmpfs', targets: ['/run', '/run/lock'] },
        { op: 'set-cgroupns-host' },
      ]);
      assert.equal(fix?.title, 'Replace privileged: true with tmpfs, cgroup: host and a writable /sys/fs/cgroup mount');
      assert.equal(fix?.preferred, false);
    },
  );

  it('the cgroup v1 path is replaced by the writable cgroupfs bind, or only removed when privileged', () => {
    const v1 = bind('/sys/fs/cgroup/systemd', '/sys/fs/cgroup/systemd', false, 3);
    const unprivileged = spec((s) => s.mounts.push(v1));
    assert.deepEqual(fixOf(unprivileged, 'cgroup-v1-path-mount')?.edits, [
      { op: 'replace-with-cgroup-bind', mount: v1 },
      { op: 'set-cgroupns-host' },
    ]);
    const privileged = spec((s) => {
      s.mounts.push(v1);
      s.privileged = { value: true, range: at(1) };
    });
    const fix = fixOf(privileged, 'cgroup-v1-path-mount');
    assert.deepEqual(fix?.edits, [{ op: 'remove-mount', mount: v1 }]);
    assert.equal(fix?.title, 'Remove the /sys/fs/cgroup/systemd mount');
  });

  it('a wrong stop signal is rewritten where it is written; the title is the format’s', () => {
    const wrong = spec((s) => (s.stopSignal = { value: 'SIGTERM', range: at(5) }));
    const cli: FixWording = { ...COMPOSE_WORDING, stopSignal: (replacing) => (replacing ? 'Use it' : 'Add it') };
    const fix = fixOf(wrong, 'missing-stop-signal', cli);
    assert.deepEqual(fix?.edits, [{ op: 'set-stop-signal', value: 'SIGRTMIN+3', replacing: wrong.stopSignal }]);
    assert.equal(fix?.title, 'Use it');
    assert.equal(
      fixOf(
        spec(() => {}),
        'missing-stop-signal',
        cli,
      )?.title,
      'Add it',
    );
  });

  it('every format: beside a cgroupfs bind the v1 path is only removed (cgroupns is its own finding)', async () => {
    await initLinter();
    const image = 'jrei/systemd-debian:12';
    const root = '/sys/fs/cgroup:/sys/fs/cgroup';
    const v1 = '/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd';
    const texts = {
      compose: `services:\n  a:\n    image: ${image}\n    volumes:\n      - ${root}\n      - ${v1}\n`,
      devcontainer: `{"image": "${image}", "overrideCommand": false, "runArgs": ["-v", "${root}", "-v", "${v1}"]}\n`,
      unit: `[Service]\nExecStart=/usr/bin/docker run -v ${root} -v ${v1} ${image} /sbin/init\n`,
    };
    const findings = [lintCompose(texts.compose), lintDevcontainer(texts.devcontainer), lintUnitRunLines(texts.unit)];
    for (const found of findings) {
      const v1Path = found.find((f) => f.ruleName.endsWith('cgroup-v1-path-mount'));
      assert.deepEqual(
        v1Path?.fixes.map((x) => x.title),
        ['Remove the /sys/fs/cgroup/systemd mount'],
        v1Path?.ruleName,
      );
      assert.ok(
        v1Path?.fixes[0].edits.every((e) => e.newText === ''),
        `${v1Path?.ruleName} only deletes`,
      );
      const cgroupns = found.find((f) => f.ruleName.endsWith('cgroup-rw-without-cgroupns-host'));
      assert.match(cgroupns?.fixes[0]?.title ?? '', /^Add (cgroup: host|--cgroupns=host)/, cgroupns?.ruleName);
    }
  });

  it('the host network has no fix (which network and ports instead is the user’s choice)', () => {
    const host = spec((s) => (s.network = { value: 'host', range: at(6) }));
    assert.equal(fixOf(host, 'host-network-systemd'), undefined);
  });

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
