/**
 * Security properties checked on the source and on the pure run profile: no user text reaches a
 * shell (child_process only in the nspawn process module, spawn without a shell; terminals and
 * execs take argument arrays), no
 * --privileged unless opted in (and then a warning), build-arg values never logged.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { factsFromApi } from '../../shared/engine/facts';
import { imageFactsFromInspect } from '../../shared/engine/image';
import { buildRunProfile, runArgv } from '../../shared/engine/runProfile';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push({ file: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

const PRODUCT = [...sources('client/src'), ...sources('server/src'), ...sources('shared')];

describe('no user text reaches a shell', () => {
  it('child_process is imported by client/src/nspawn/process.ts only, which never uses a shell', () => {
    // Type-only imports (`import type { ChildProcess }`) run nothing.
    const importers = PRODUCT.filter((s) =>
      /^import (?!type )[^;]*from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)/m.test(s.text),
    ).map((s) => s.file);
    assert.deepEqual(importers, [path.join('client', 'src', 'nspawn', 'process.ts')]);
    const processModule = PRODUCT.find((s) => s.file === importers[0])!.text;
    // Only spawn (no exec/execSync, which take a command string for a shell), always with shell: false.
    assert.doesNotMatch(processModule, /\bexec(Sync|File|FileSync)?\(|spawnSync\(|fork\(/);
    const spawns = processModule.match(/\bspawn\(/g) ?? [];
    assert.ok(spawns.length >= 1);
    assert.equal(
      (processModule.match(/^\s*shell: false,|\{ shell: false,/gm) ?? []).length,
      spawns.length,
      'every spawn says shell: false',
    );
    assert.match(processModule, /path\.isAbsolute\(file\)/, 'programs are absolute paths');
  });
  it('nspawn and nsenter get argument arrays; the machine name is validated', () => {
    const machine = PRODUCT.find((s) => s.file.endsWith(path.join('nspawn', 'machine.ts')))!.text;
    assert.match(machine, /isValidMachineName\(spec\.name\)/);
    assert.match(machine, /'--', \.\.\.argv/, 'the command inside comes after --');
  });
  it('no terminal sendText, no eval', () => {
    for (const s of PRODUCT) {
      assert.doesNotMatch(s.text, /\.sendText\(/, s.file);
      assert.doesNotMatch(s.text, /\beval\(|new Function\(/, s.file);
    }
  });
  it("code is compiled only from the extension's own bundle (the code cache loader)", () => {
    const compilers = PRODUCT.filter((s) => /from ['"](node:)?vm['"]|require\(['"](node:)?vm['"]\)/.test(s.text)).map(
      (s) => s.file,
    );
    assert.deepEqual(compilers, [path.join('client', 'src', 'codeCache.ts')]);
    const bootstrap = PRODUCT.find((s) => s.file === path.join('client', 'src', 'bootstrap.ts'))!.text;
    assert.match(
      bootstrap,
      /requireWithCodeCache<Extension>\(\s*path\.join\(__dirname, 'client\.js'\)/,
      'the bootstrap loads the bundle next to it, nothing else',
    );
  });
  it('terminals are created with an executable and an argument array', () => {
    const calls = PRODUCT.filter((s) => s.text.includes('createTerminal('));
    assert.ok(calls.length > 0, 'no terminal code found (the test would be vacuous)');
    for (const s of calls) {
      assert.match(s.text, /shellPath/, `${s.file}: createTerminal without shellPath`);
      assert.match(s.text, /shellArgs/, `${s.file}: createTerminal without shellArgs`);
    }
  });
  it('execs inside containers take argv arrays (Cmd: string[])', () => {
    const exec = PRODUCT.find((s) => s.file.endsWith(path.join('engine', 'exec.ts')))!;
    assert.match(exec.text, /argv: string\[\]/);
    assert.match(exec.text, /Cmd: \[?\.{0,3}argv/);
  });
  it('build-arg values are not written to the output channel (names only)', () => {
    const build = PRODUCT.find((s) => s.file.endsWith(path.join('commands', 'build.ts')))!;
    for (const line of build.text
      .split('\n')
      .filter((l) => /appendLine|log\.(info|warn|error|debug)/.test(l) && /buildArgs/.test(l))) {
      assert.match(line, /Object\.keys\(settings\.buildArgs\)/, `logs build-arg values: ${line.trim()}`);
    }
  });
});

describe('--privileged only on explicit opt-in', () => {
  const FIX = path.join(ROOT, 'test', 'fixtures', 'engine', 'api');
  const facts = factsFromApi(
    JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-version.json'), 'utf8')),
    JSON.parse(fs.readFileSync(path.join(FIX, 'docker-20.10-info.json'), 'utf8')),
  );
  const image = {
    ...imageFactsFromInspect({ Id: 'sha256:1', Config: { Cmd: ['bash'] } }, 'x'),
    systemd: { systemdPath: '/lib/systemd/systemd', initPaths: [], checked: [] },
  };
  for (const [title, f] of [
    ['cgroup v1', facts],
    ['cgroup v2', { ...facts, cgroupVersion: 2 as const }],
    ['podman', { ...facts, engine: 'podman' as const }],
  ] as const) {
    it(`${title}: not privileged by default; privileged with a warning when asked`, () => {
      const plain = buildRunProfile(f, image, {});
      assert.notEqual(plain.create.HostConfig?.Privileged, true);
      assert.ok(!runArgv(plain).includes('--privileged'));
      const asked = buildRunProfile(f, image, { privileged: true });
      assert.equal(asked.create.HostConfig?.Privileged, true);
      assert.ok(runArgv(asked).includes('--privileged'));
      assert.ok(
        asked.warnings.some((w) => /privileged/i.test(w)),
        'no warning for --privileged',
      );
    });
  }
});
