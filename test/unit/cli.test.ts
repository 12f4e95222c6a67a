/** The CLI as users run it: the bundled dist/cli.js in a child process (npm test builds first). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const run = (args: string[], input?: string, cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd });

const BROKEN = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sct-cli-'));
}

describe('systemd-container-lint', () => {
  it('text output and exit 1 on an error-severity finding', () => {
    const r = run(['-'], BROKEN);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /<stdin>:3:1: error SCT103 \(sbin-init-without-sysv-pkg\)/);
  });
  it('JSON output with 1-based positions and fixes', () => {
    const r = run(['--format', 'json', '-'], BROKEN);
    const out = JSON.parse(r.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; rule: string; severity: string; fixes: { edits: { line: number; newText: string }[] }[] }[];
    const sbin = out.find((f) => f.rule === 'sbin-init-without-sysv-pkg')!;
    assert.deepEqual([sbin.file, sbin.line, sbin.column, sbin.endLine, sbin.endColumn, sbin.code, sbin.severity], ['<stdin>', 3, 1, 3, 19, 'SCT103', 'error']);
    assert.equal(sbin.fixes[0].edits[0].newText, 'CMD ["/lib/systemd/systemd"]');
  });
  it('SARIF 2.1.0 with rules, relative URIs and regions', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'Containerfile'), BROKEN);
    const r = run(['--format', 'sarif', '.'], undefined, dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const runObj = sarif.runs[0];
    assert.ok(runObj.tool.driver.rules.length >= 15);
    const result = runObj.results.find((x: { ruleId: string }) => x.ruleId === 'SCT103');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'Containerfile');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(runObj.tool.driver.rules[result.ruleIndex].id, 'SCT103');
  });
  it('exit 0 on a clean file; folders are searched', () => {
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', 'web.dockerfile'), 'FROM node:20\nCMD ["node", "x.js"]\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a dockerfile');
    const r = run([dir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 file\(s\) checked, no problems/);
  });
  it('config file found upward turns a rule off; --config and severity overrides', () => {
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, '.systemd-lint.yaml'), 'ignore: [SCT103]\nseverity:\n  missing-stopsignal: error\n');
    fs.writeFileSync(path.join(dir, 'sub', 'Dockerfile'), BROKEN);
    const r = run(['--format', 'json', path.join(dir, 'sub', 'Dockerfile')]);
    const out = JSON.parse(r.stdout) as { rule: string; severity: string }[];
    assert.ok(!out.some((f) => f.rule === 'sbin-init-without-sysv-pkg'));
    assert.equal(out.find((f) => f.rule === 'missing-stopsignal')?.severity, 'error');
  });
  it('--target lints a named stage; an unknown stage is a usage error', () => {
    const text = 'FROM debian:12 AS sys\nCMD ["/sbin/init"]\nFROM node:20\nCMD ["node"]\n';
    assert.equal(run(['-'], text).status, 0);
    assert.equal(run(['--target', 'sys', '-'], text).status, 1);
    const bad = run(['--target', 'nope', '-'], text);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no build stage named "nope"/);
  });
  it('lints compose files (reading the Dockerfile they build), devcontainer.json and units that run containers, found in folders', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install -y systemd systemd-sysv\nSTOPSIGNAL SIGRTMIN+3\nENV container=docker\nCMD ["/lib/systemd/systemd"]\n');
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  sd:\n    build: .\n    privileged: true\n');
    fs.mkdirSync(path.join(dir, '.devcontainer'));
    fs.writeFileSync(path.join(dir, '.devcontainer', 'devcontainer.json'), '{\n  // comment\n  "image": "jrei/systemd-debian:12",\n}\n');
    fs.mkdirSync(path.join(dir, 'units'));
    fs.writeFileSync(path.join(dir, 'units', 'web.service'), '[Unit]\nRequires=docker.service\n[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx\nExecStop=/usr/bin/docker stop web\n');
    const r = run(['--format', 'json', dir]);
    const out = JSON.parse(r.stdout) as { file: string; code: string; rule: string; line: number }[];
    const by = (suffix: string) => out.filter((f) => f.file.endsWith(suffix)).map((f) => f.rule).sort();
    assert.deepEqual(by('docker-compose.yml'), ['compose-missing-tmpfs', 'compose-privileged']);
    assert.deepEqual(by('devcontainer.json'), ['devcontainer-override-command']);
    assert.ok(by('web.service').includes('unit-cleanup-without-dash'), r.stdout);
    assert.equal(r.status, 1, 'devcontainer-override-command is an error');
    const sarif = JSON.parse(run(['--format', 'sarif', dir]).stdout);
    assert.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'SCT201'));
  });
  it('--kind lints standard input as a compose file, devcontainer.json or unit', () => {
    const compose = run(['--kind', 'compose', '-'], 'services:\n  sd:\n    image: debian:12\n    command: /sbin/init\n');
    assert.match(compose.stdout, /<stdin>:2:3: error SCT201 \(compose-missing-tmpfs\)/);
    const unit = run(['--kind', 'unit', '-'], '[Service]\nExecStart=/usr/bin/docker run -t --rm nginx\n');
    assert.match(unit.stdout, /SCT309 \(unit-tty-flag\)/);
    assert.equal(run(['--kind', 'nope', '-'], '').status, 2);
  });
  it('clear messages and exit 2 for missing files, empty folders, binary input, bad config, bad usage', () => {
    const dir = tmpdir();
    const missing = run([path.join(dir, 'nope')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or directory/);
    const empty = run([dir]);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no file of a kind this linter knows in this folder/);
    const bin = path.join(dir, 'Dockerfile');
    fs.writeFileSync(bin, Buffer.from([0x46, 0x52, 0x00, 0x01, 0xff]));
    const b = run([bin]);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /binary content/);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'ignore: {not: [a list');
    const c = run(['--config', path.join(dir, 'bad.yaml'), '-'], BROKEN);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /not valid YAML/);
    assert.equal(run(['--format', 'xml', '-'], BROKEN).status, 2);
    assert.equal(run([]).status, 2);
    for (const r of [missing, empty, b, c]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
