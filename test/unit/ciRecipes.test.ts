/**
 * The recipes of docs/ci.md and the pre-commit hook, run with their own command lines
 * (`npx --yes systemd-container-lint` is this checkout's dist/cli.js). The hook through the real
 * pre-commit is `.ci/precommit-check.sh`, a CI step of its own (its first run installs the
 * repository with npm ci, minutes).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const BROKEN = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  require_serial?: boolean;
}

/** A Python `(?x)` verbose pattern as a JavaScript RegExp: whitespace outside classes is not part of it. */
function pythonVerbose(pattern: string): RegExp {
  return new RegExp(pattern.replace(/^\(\?x\)/, '').replace(/\s+/g, ''));
}

/** A folder with one Dockerfile with an error, one clean file of another kind, and files no hook should pass. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-recipe-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), BROKEN);
  fs.writeFileSync(path.join(dir, 'README.md'), '# hello\n');
  return dir;
}

/** `run:` lines of the workflow/job blocks in docs/ci.md that call the linter, with their redirections. */
function recipeCommands(): { args: string[]; redirect?: string }[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const lines: string[] = [];
  for (const block of blocks) {
    for (const d of parseAllDocuments(block)) {
      JSON.stringify(d.toJS(), (key, value) => {
        if ((key === 'run' || key === 'script') && value)
          lines.push(...[value].flat().filter((v: unknown) => typeof v === 'string'));
        return value;
      });
    }
  }
  return lines
    .filter((l) => l.includes('systemd-container-lint') && !/\bboot\b/.test(l))
    .map((l) => {
      const [command, redirect] = l.split(/\s*>\s*/);
      const words = command.trim().split(/\s+/);
      assert.deepEqual(words.slice(0, 3), ['npx', '--yes', 'systemd-container-lint'], l);
      return { args: words.slice(3), redirect };
    });
}

describe('CI recipes (docs/ci.md)', () => {
  it('each lint command runs as written and gives the format the next step reads', () => {
    const commands = recipeCommands();
    assert.deepEqual(commands.map((c) => c.args.join(' ')).sort(), [
      '--format github .',
      '--format junit .',
      '--format sarif .',
    ]);
    const dir = project();
    for (const { args, redirect } of commands) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      if (args.includes('github')) assert.match(r.stdout, /^::error file=Dockerfile,line=3,col=1,/m);
      if (args.includes('sarif')) {
        assert.equal(redirect, 'systemd-container-lint.sarif');
        const sarif = JSON.parse(r.stdout);
        assert.equal(sarif.version, '2.1.0');
        assert.equal(
          sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'SCT103').locations[0].physicalLocation
            .artifactLocation.uri,
          'Dockerfile',
        );
      }
      if (args.includes('junit')) {
        assert.equal(redirect, 'systemd-container-lint.xml');
        assert.match(r.stdout, /<testsuites name="systemd-container-lint" tests="1" failures="1">/);
      }
    }
    // The upload step reads the file the SARIF step writes.
    const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    assert.match(doc, /sarif_file: systemd-container-lint\.sarif/);
    assert.match(doc, /junit: systemd-container-lint\.xml/);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'systemd-container-lint')!;

  it('picks the kinds the CLI knows and leaves other files alone', () => {
    const files = pythonVerbose(hook.files);
    const exclude = new RegExp(hook.exclude!);
    const picked = (p: string) => files.test(p) && !exclude.test(p);
    for (const p of [
      'Dockerfile',
      'images/Containerfile.fedora',
      'ci/build.dockerfile',
      'Dockerfile.systemd',
      'web.service',
      'units/app.service.in',
      'x.socket',
      'x.timer',
      'srv-data.mount',
      'app.container',
      'db.volume',
      'net.network',
      'pod.pod',
      'k.kube',
      'img.build',
      'img.image',
      'all.quadlets',
      'm.nspawn',
      'stack.yml',
      'compose.yaml',
      '.devcontainer/devcontainer.json',
      '.devcontainer.json',
      '.devcontainer/go/devcontainer.json',
    ])
      assert.ok(picked(p), p);
    for (const p of [
      'README.md',
      'package.json',
      'src/main.ts',
      'Dockerfile.5.gz.txt/notes',
      '.pre-commit-hooks.yaml',
      'tsconfig.json',
    ]) {
      assert.ok(!picked(p), p);
    }
  });

  it("its entry runs this checkout's CLI on the files pre-commit passes, serially", () => {
    assert.equal(hook.language, 'script');
    assert.equal(hook.require_serial, true);
    const entry = path.join(ROOT, hook.entry);
    assert.ok(fs.statSync(entry).mode & 0o111, `${hook.entry} is executable`);
    const dir = project();
    const r = spawnSync(entry, ['Dockerfile'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^Dockerfile:3:1: error SCT103 \(sbin-init-without-sysv-pkg\)/m);
    assert.doesNotMatch(r.stderr, /building the linter/, 'a built checkout is used as it is');
  });
});

describe('the npm package (what `npx systemd-container-lint` downloads)', () => {
  it('holds the CLI bundles and their documents only, and runs alone: no dependency, no source', () => {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-npm-pack-'));
    try {
      // --ignore-scripts: `prepare` would rebuild dist/; npm test built it already.
      const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(pack.status, 0, pack.stderr);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = info.files.map((f) => f.path);
      assert.ok(files.includes('dist/cli.js') && files.includes('README.md'), files.join(' '));
      const stray = files.filter(
        (f) => !/^(dist\/[\w.-]+\.(js|br)|docs\/.*|[A-Z]+\.md|LICENSE|package\.json)$/.test(f),
      );
      assert.deepEqual(stray, [], 'sources, tests or fixtures in the npm package');
      assert.ok(!files.some((f) => f.endsWith('.map') || f === 'dist/client.js'), files.join(' '));
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(manifest.dependencies, undefined, 'the CLI bundles everything it needs');
      // Unpacked where no node_modules is on the way up: it lints with nothing else installed.
      const tar = spawnSync('tar', ['xzf', info.filename], { cwd: dest, encoding: 'utf8' });
      assert.equal(tar.status, 0, tar.stderr);
      const dir = project();
      const cli = path.join(dest, 'package', 'dist', 'cli.js');
      const lint = spawnSync(process.execPath, [cli, '.'], { cwd: dir, encoding: 'utf8' });
      assert.equal(lint.status, 1, lint.stderr);
      assert.match(lint.stdout, /^Dockerfile:3:1: error SCT103 /m);
      for (const sub of ['boot', 'preflight', 'verify-image', 'security']) {
        const help = spawnSync(process.execPath, [cli, sub, '--help'], { cwd: dir, encoding: 'utf8' });
        assert.equal(help.status, 0, `${sub} --help: ${help.stderr}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      fs.rmSync(dest, { recursive: true, force: true });
    }
  });
});
