/** The CLI as users run it: the bundled dist/cli.js in a child process (npm test builds first). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SUBCOMMANDS } from '../../server/src/cli/subcommands';
import { BROKEN, CLI, run, tmpdir } from './cliRun';

describe('systemd-container-lint', () => {
  it('text output and exit 1 on an error-severity finding', () => {
    const r = run(['-'], BROKEN);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /<stdin>:3:1: error SCT103 \(sbin-init-without-sysv-pkg\)/);
  });
  it('JSON output with 1-based positions and fixes', () => {
    const r = run(['--format', 'json', '-'], BROKEN);
    const out = JSON.parse(r.stdout) as {
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      code: string;
      rule: string;
      severity: string;
      fixes: { edits: { line: number; newText: string }[] }[];
    }[];
    const sbin = out.find((f) => f.rule === 'sbin-init-without-sysv-pkg')!;
    assert.deepEqual(
      [sbin.file, sbin.line, sbin.column, sbin.endLine, sbin.endColumn, sbin.code, sbin.severity],
      ['<stdin>', 3, 1, 3, 19, 'SCT103', 'error'],
    );
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
    fs.writeFileSync(
      path.join(dir, '.systemd-lint.yaml'),
      'ignore: [SCT103]\nseverity:\n  missing-stopsignal: error\n',
    );
    fs.writeFileSync(path.join(dir, 'sub', 'Dockerfile'), BROKEN);
    const r = run(['--format', 'json', path.join(dir, 'sub', 'Dockerfile')]);
    const out = JSON.parse(r.stdout) as { rule: string; severity: string }[];
    assert.ok(!out.some((f) => f.rule === 'sbin-init-without-sysv-pkg'));
    assert.equal(out.find((f) => f.rule === 'missing-stopsignal')?.severity, 'error');
  });
  it('--target lints a named stage; an unknown stage is a usage error', () => {
    const text = 'FROM debian:12 AS sys\nCMD ["/sbin/init"]\nFROM node:20 AS app\nCMD ["node"]\n';
    // Without --target every image the file makes is judged, the systemd stage "sys" too.
    assert.equal(run(['-'], text).status, 1);
    assert.equal(run(['--target', 'app', '-'], text).status, 0);
    assert.equal(run(['--target', 'sys', '-'], text).status, 1);
    const bad = run(['--target', 'nope', '-'], text);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no build stage named "nope"/);
  });
  it(
    'lints compose files (reading the Dockerfile they build), devcontainer.json and units that run containers, ' +
      'found in folders',
    () => {
      const dir = tmpdir();
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM debian:12\nRUN apt-get update && apt-get install -y systemd systemd-sysv\nSTOPSIGNAL ' +
          'SIGRTMIN+3\nENV container=docker\nCMD ["/lib/systemd/systemd"]\n',
      );
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  sd:\n    build: .\n    privileged: true\n');
      fs.mkdirSync(path.join(dir, '.devcontainer'));
      fs.writeFileSync(
        path.join(dir, '.devcontainer', 'devcontainer.json'),
        '{\n  // comment\n  "image": "jrei/systemd-debian:12",\n}\n',
      );
      fs.mkdirSync(path.join(dir, 'units'));
      fs.writeFileSync(
        path.join(dir, 'units', 'web.service'),
        '[Unit]\nRequires=docker.service\n[Service]\nExecStart=/usr/bin/docker run --rm --name web ' +
          'nginx\nExecStop=/usr/bin/docker stop web\n',
      );
      const r = run(['--format', 'json', dir]);
      const out = JSON.parse(r.stdout) as { file: string; code: string; rule: string; line: number }[];
      const by = (suffix: string) =>
        out
          .filter((f) => f.file.endsWith(suffix))
          .map((f) => f.rule)
          .sort();
      assert.deepEqual(by('docker-compose.yml'), ['compose-missing-tmpfs', 'compose-privileged']);
      assert.deepEqual(by('devcontainer.json'), ['devcontainer-override-command']);
      assert.ok(by('web.service').includes('unit-cleanup-without-dash'), r.stdout);
      assert.equal(r.status, 1, 'devcontainer-override-command is an error');
      const sarif = JSON.parse(run(['--format', 'sarif', dir]).stdout);
      assert.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'SCT201'));
    },
  );
  it('--kind lints standard input as a compose file, devcontainer.json or unit', () => {
    const compose = run(
      ['--kind', 'compose', '-'],
      'services:\n  sd:\n    image: debian:12\n    command: /sbin/init\n',
    );
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
  it('a lint run loads neither the engine code nor a subcommand module (they are separate files of dist/)', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), BROKEN);
    const script = `const cli = require(${JSON.stringify(CLI)});
cli.main([${JSON.stringify(path.join(dir, 'Dockerfile'))}], () => {}, () => {}).then((code) => {
  const loaded = Object.keys(require.cache).map((f) => require('path').basename(f));
  process.stdout.write(JSON.stringify({ code, loaded }));
});`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const { code, loaded } = JSON.parse(r.stdout) as { code: number; loaded: string[] };
    assert.equal(code, 1, r.stderr);
    assert.ok(loaded.includes('cli.js') && loaded.includes('core.js'), loaded.join(', '));
    assert.deepEqual(
      loaded.filter((f) => /^(engine|ssh|cli-.*)\.js$/.test(f)),
      [],
    );
    assert.ok(fs.existsSync(path.join(path.dirname(CLI), 'cli-boot.js')));
  });
  it('a subcommand loads neither the lint core nor the lint run (boot --help)', () => {
    const script = `const cli = require(${JSON.stringify(CLI)});
cli.main(['boot', '--help'], () => {}, () => {}).then((code) => {
  const loaded = Object.keys(require.cache).map((f) => require('path').basename(f));
  process.stdout.write(JSON.stringify({ code, loaded }));
});`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const { code, loaded } = JSON.parse(r.stdout) as { code: number; loaded: string[] };
    assert.equal(code, 0, r.stderr);
    assert.ok(loaded.includes('cli-boot.js'), loaded.join(', '));
    assert.deepEqual(
      loaded.filter((f) => /^(core|engine|ssh)\.js$/.test(f)),
      [],
      'nothing but the entry and the subcommand',
    );
  });
  it('boot: --help, and usage errors exit 2 with a message before any engine is asked', () => {
    const help = run(['boot', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /systemd-container-lint boot \[options\] IMAGE/);
    for (const [args, message] of [
      [['boot'], /no IMAGE or --dockerfile given/],
      [['boot', 'a', 'b'], /one IMAGE at a time/],
      [['boot', '--format', 'xml', 'img'], /unknown format "xml"/],
      [['boot', '--timeout', '0', 'img'], /--timeout takes a number of seconds above 0/],
      [['boot', '--label', 'novalue', 'img'], /--label takes KEY=VALUE/],
      [['boot', '--dockerfile', '/nonexistent/Dockerfile'], /no such file/],
      [['boot', '--target', 'x', 'img'], /go with --dockerfile/],
      [['boot', '--nope', 'img'], /Unknown option '--nope'/],
    ] as const) {
      const r = run([...args], undefined);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
  it('preflight: usage errors on the image source exit 2 with the same messages as boot, before any engine', () => {
    for (const [args, message] of [
      [['preflight'], /no IMAGE or --dockerfile given/],
      [['preflight', 'a', 'b'], /one IMAGE at a time/],
      [['preflight', '--dockerfile', '/nonexistent/Dockerfile'], /\/nonexistent\/Dockerfile: no such file/],
      [['preflight', '--dockerfile', __filename, 'img'], /not both/],
      [['preflight', '--context', '/tmp', 'img'], /go with --dockerfile/],
    ] as const) {
      const r = run([...args], undefined);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
  it('boot: an engine that is not there is a clear message and exit 2', () => {
    const r = spawnSync(process.execPath, [CLI, 'boot', '--host', 'unix:///nonexistent/docker.sock', 'img'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /nonexistent\/docker\.sock/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
  it(
    'a folder with seven kinds, a binary named like a Dockerfile and an empty folder: all judged, both noted, ' +
      'exit 1 (issue 22)',
    () => {
      const dir = tmpdir();
      const write = (name: string, text: string | Buffer) => fs.writeFileSync(path.join(dir, name), text);
      write('web.container', '[Container]\nImage=docker.io/library/debian:12\nExec=/sbin/init\nNotAKey=1\n');
      write('app.network', '[Network]\nSubnet=10.89.0.0/24\nGatway=10.89.0.1\n');
      write('web.socket', '[Socket]\nListenStream=8080\nAccpt=yes\n');
      write('backup.timer', '[Timer]\nOnCalendar=daily\nPersistant=true\n');
      write('web.nspawn', '[Exec]\nBoot=yes\n[Network]\nPort=8080\n');
      write('Dockerfile', BROKEN);
      write('stack.yml', 'services:\n  sd:\n    image: debian:12\n    command: /sbin/init\n');
      write('Dockerfile.5.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x01]));
      fs.mkdirSync(path.join(dir, 'empty'));
      const r = run(['--format', 'json', dir]);
      assert.equal(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { file: string; rule: string; severity: string }[];
      const rules = (name: string) => out.filter((f) => path.basename(f.file) === name).map((f) => f.rule);
      assert.ok(rules('web.container').includes('unknown-key'), r.stdout);
      assert.ok(rules('app.network').includes('unknown-key'));
      assert.ok(rules('web.socket').includes('unknown-key'));
      assert.ok(rules('backup.timer').includes('unknown-key'));
      assert.ok(rules('web.nspawn').includes('nspawn-port-without-veth'));
      assert.ok(rules('Dockerfile').includes('sbin-init-without-sysv-pkg'));
      assert.ok(rules('stack.yml').includes('compose-missing-tmpfs'), 'stack.yml judged as compose');
      assert.ok(!rules('stack.yml').some((r) => /^(missing|init|sbin)/.test(r)), 'not as a Dockerfile');
      assert.deepEqual(rules('Dockerfile.5.gz'), ['file-not-lintable']);
      assert.match(r.stderr, /Dockerfile\.5\.gz: not linted: binary content/);
      assert.match(r.stderr, /empty\/: empty folder/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    },
  );
  it(
    'folder walk: skips VCS folders, node_modules, what .gitignore ignores and symlink loops with a note; ' +
      '--list-files says why',
    () => {
      const dir = tmpdir();
      for (const d of ['.git', 'node_modules/x', 'build', 'keep', 'k8s'])
        fs.mkdirSync(path.join(dir, d), { recursive: true });
      fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n*.generated.service\n');
      for (const d of ['.git', 'node_modules/x', 'build', 'keep'])
        fs.writeFileSync(path.join(dir, d, 'Dockerfile'), BROKEN);
      fs.writeFileSync(path.join(dir, 'keep', 'x.generated.service'), '[Service]\nExecStart=/bin/true\n');
      fs.writeFileSync(path.join(dir, 'keep', 'Containerfile.fedora'), BROKEN);
      fs.writeFileSync(path.join(dir, 'keep', 'ci'), BROKEN);
      fs.writeFileSync(path.join(dir, 'keep', 'db.service.in'), '[Service]\nExecStart=@bindir@/db\n');
      fs.writeFileSync(path.join(dir, 'k8s', 'web.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n');
      fs.writeFileSync(path.join(dir, 'README.md'), '# FROM scratch\n');
      fs.symlinkSync('..', path.join(dir, 'keep', 'up'));
      const r = run(['--list-files', '.'], undefined, dir);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), [
        'k8s/web.yaml: skipped (a Kubernetes/OpenShift manifest (apiVersion and kind): not linted)',
        'keep/Containerfile.fedora: dockerfile (dockerfile by name and content)',
        'keep/Dockerfile: dockerfile (named like a dockerfile)',
        'keep/ci: dockerfile (dockerfile by content)',
        'keep/db.service.in: unit (unit by name and content)',
      ]);
      for (const note of [
        /\.git\/: skipped \(version control\)/,
        /node_modules\/: skipped \(dependencies/,
        /build\/: skipped \(\.gitignore\)/,
        /x\.generated\.service: skipped \(\.gitignore\)/,
        /keep\/up\/: skipped \(symlink loop/,
      ]) {
        assert.match(r.stderr, note);
      }
      const lint = run(['--format', 'json', '.'], undefined, dir);
      assert.equal(lint.status, 1);
      const files = new Set((JSON.parse(lint.stdout) as { file: string }[]).map((f) => f.file));
      assert.deepEqual([...files].sort(), ['keep/Containerfile.fedora', 'keep/Dockerfile', 'keep/ci']);
    },
  );
  it('folder walk: finds Molecule scenarios of a role (molecule/<scenario>/molecule.yml) and lints their platforms', () => {
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'roles/web/molecule/default'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'roles/web/tasks'), { recursive: true });
    // The shape of geerlingguy's role scenarios: a systemd image, the cgroupfs read-only, privileged.
    fs.writeFileSync(
      path.join(dir, 'roles/web/molecule/default/molecule.yml'),
      'driver:\n  name: docker\nplatforms:\n  - name: instance\n    image: geerlingguy/docker-debian12-ansible\n' +
        '    command: ""\n    volumes:\n      - /sys/fs/cgroup:/sys/fs/cgroup:ro\n    privileged: true\n',
    );
    fs.writeFileSync(path.join(dir, 'roles/web/molecule/default/converge.yml'), '- hosts: all\n  roles: [web]\n');
    fs.writeFileSync(path.join(dir, 'roles/web/tasks/main.yml'), '- name: x\n  ansible.builtin.debug: {}\n');
    const list = run(['--list-files', '.'], undefined, dir);
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(list.stdout.trim().split('\n'), [
      'roles/web/molecule/default/molecule.yml: molecule (named like a molecule.yml)',
    ]);
    const lint = run(['--format', 'json', '.'], undefined, dir);
    const out = JSON.parse(lint.stdout) as { file: string; code: string; line: number }[];
    assert.ok(out.length > 0 && out.every((f) => f.file === 'roles/web/molecule/default/molecule.yml'), lint.stdout);
    assert.ok(
      out.some((f) => f.code === 'SCT804' && f.line === 8),
      lint.stdout,
    );
    assert.ok(
      out.some((f) => f.code === 'SCT803' && f.line === 9),
      lint.stdout,
    );
  });
  it('--help and the error for a bad --kind list the same kinds; --help tells how folders are searched', () => {
    const help = run(['--help']).stdout;
    const bad = run(['--kind', 'nope', '-'], '').stderr;
    const listed = /unknown kind "nope" \(([^)]*)\)/.exec(bad)![1].split(', ');
    assert.deepEqual([...listed].sort(), [
      'compose',
      'devcontainer',
      'dockerfile',
      'molecule',
      'nspawn',
      'quadlet',
      'unit',
    ]);
    for (const k of listed) assert.match(help, new RegExp(`^  ${k} `, 'm'), k);
    assert.match(help, new RegExp(`one of: ${listed.join(', ')}`));
    assert.match(help, /\.gitignore/);
    assert.doesNotMatch(help, /other names: dockerfile|\*\.service\)/);
  });
  it('--help names every subcommand, and each one answers its own --help (issue 22: help that is true)', () => {
    const help = run(['--help']).stdout;
    for (const name of Object.keys(SUBCOMMANDS)) {
      assert.match(help, new RegExp(`^  ${name} `, 'm'), `${name} is missing from --help`);
      const own = run([name, '--help']);
      assert.equal(own.status, 0, `${name} --help: ${own.stderr}`);
      assert.match(own.stdout, new RegExp(`^Usage: systemd-container-lint ${name} `), name);
    }
  });
  it('--format sarif | head: no EPIPE stack trace when the reader stops early', () => {
    const dir = tmpdir();
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `${i}.Dockerfile`), BROKEN);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --format sarif "${dir}" | head -n 1`], {
      encoding: 'utf8',
    });
    assert.equal(r.stdout.trim(), '{');
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /, r.stderr);
  });
});
