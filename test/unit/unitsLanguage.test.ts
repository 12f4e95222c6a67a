/**
 * The language features for unit files without a transport: completion (sections, keys,
 * values, unit names, specifiers), hover (man-page text and link), and the quick fixes through
 * the shared code-action service.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { unitCompletion } from '../../server/src/kinds/unit/completion';
import { unitHover } from '../../server/src/kinds/unit/hover';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { codeActions, toDiagnostic } from '../../server/src/service';
import { applyEdits } from '../../shared/text';
import { sectionFoldingRanges } from '../../server/src/kinds/unit/folding';
import type { Finding } from '../../server/src/core/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/units');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const editRange = (i: CompletionItem) => (i.textEdit as TextEdit).range;
const hoverText = (h: ReturnType<typeof unitHover>) => (h ? (h.contents as { value: string }).value : '');

describe('completion', () => {
  const web = read('web.service');
  const lines = web.split('\n');
  const at = (line: number, character = lines[line].length) => ({ line, character });

  it('sections of the file type after "["', () => {
    const text = web.replace('[Install]', '[');
    const items = unitCompletion('/w/web.service', text, { line: 12, character: 1 });
    assert.deepEqual(labels(items), ['[Install]', '[Service]', '[Unit]']);
    assert.deepEqual(items[0].textEdit, {
      range: { start: { line: 12, character: 0 }, end: { line: 12, character: 1 } },
      newText: '[Install]',
    });
    assert.deepEqual(labels(unitCompletion('/w/a.nspawn', '[', { line: 0, character: 1 })), [
      '[Exec]',
      '[Files]',
      '[Network]',
    ]);
    assert.ok(labels(unitCompletion('/w/a.container', '[', { line: 0, character: 1 })).includes('[Container]'));
  });

  it('keys of the section, with the man page as documentation', () => {
    const text = web.replace('Restrat=always', 'Exec');
    const items = unitCompletion('/w/web.service', text, { line: 10, character: 4 });
    const execStart = items.find((i) => i.label === 'ExecStart')!;
    assert.equal(execStart.kind, CompletionItemKind.Property);
    assert.equal(execStart.insertText, 'ExecStart=');
    assert.deepEqual(editRange(execStart), { start: { line: 10, character: 0 }, end: { line: 10, character: 4 } });
    assert.match(
      (execStart.documentation as { value: string }).value,
      /Commands that are executed when this service is started/,
    );
    assert.match((execStart.documentation as { value: string }).value, /systemd\.service\.html#ExecStart=/);
    assert.ok(labels(items).includes('KillMode'), 'systemd.kill(5) keys are [Service] keys');
    assert.ok(!labels(items).includes('WantedBy'), 'only keys of [Service]');
    const cpuShares = items.find((i) => i.label === 'CPUShares')!;
    assert.deepEqual(cpuShares.tags, [1]);
    // Quadlet [Container] keys
    const q = unitCompletion('/w/a.container', '[Container]\nIm\n', { line: 1, character: 2 });
    assert.ok(labels(q).includes('Image'));
    // Quadlet applies only some [Install] keys itself
    assert.deepEqual(labels(unitCompletion('/w/a.container', '[Install]\n\n', { line: 1, character: 0 })), [
      'Alias',
      'DefaultInstance',
      'RequiredBy',
      'WantedBy',
    ]);
  });

  it(
    'common keys sort first among equal matches: "ExecS" offers ExecStart before ExecSearchPath (issue 22, point ' +
      '10)',
    () => {
      const items = unitCompletion('/w/a.service', '[Service]\nExecS\n', { line: 1, character: 5 });
      const sort = (label: string) => items.find((i) => i.label === label)!.sortText!;
      assert.ok(sort('ExecStart') < sort('ExecSearchPath'), `${sort('ExecStart')} vs ${sort('ExecSearchPath')}`);
      assert.ok(sort('ExecStart') < sort('ExecStartPost'));
      assert.ok(sort('ExecSearchPath') < sort('CPUShares'), 'deprecated keys stay last');
    },
  );

  it('enum and boolean values', () => {
    const restart = unitCompletion('/w/web.service', web, at(8));
    assert.deepEqual(labels(restart), [
      'no',
      'on-success',
      'on-failure',
      'on-abnormal',
      'on-watchdog',
      'on-abort',
      'always',
    ]);
    assert.deepEqual(editRange(restart[0]), { start: { line: 8, character: 8 }, end: { line: 8, character: 8 } });
    const text = web.replace('Restart=', 'RemainAfterExit=');
    assert.deepEqual(labels(unitCompletion('/w/web.service', text, { line: 8, character: 16 })), ['yes', 'no']);
    const so = unitCompletion('/w/web.service', web.replace('Restart=', 'StandardOutput='), { line: 8, character: 15 });
    assert.ok(labels(so).includes('journal+console') && labels(so).includes('file:'));
  });

  it("unit names in dependency keys: the workspace's and systemd's special units", () => {
    const items = unitCompletion('/w/web.service', web, at(3), ['db.service', 'cache.container', 'net.network']);
    assert.ok(labels(items).includes('db.service'));
    assert.ok(labels(items).includes('cache.service'), 'a Quadlet .container is the service it generates');
    assert.ok(labels(items).includes('network-online.target'));
    // in a list, only the current word is replaced
    const after = unitCompletion(
      '/w/web.service',
      web,
      { line: 2, character: 'After=network-online.target'.length },
      [],
    );
    assert.deepEqual(editRange(after.find((i) => i.label === 'multi-user.target')!), {
      start: { line: 2, character: 6 },
      end: { line: 2, character: 27 },
    });
    // Quadlet references: Network= offers the workspace's .network files
    const q = unitCompletion('/w/web.container', read('web.container'), { line: 5, character: 8 }, [
      'app.network',
      'db.volume',
    ]);
    assert.deepEqual(labels(q), ['app.network']);
  });

  it('specifiers after "%"', () => {
    const items = unitCompletion('/w/web.service', web, { line: 1, character: 'Description=Web server for %'.length });
    assert.ok(labels(items).includes('%i') && labels(items).includes('%n') && labels(items).includes('%%'));
    const i = items.find((x) => x.label === '%i')!;
    assert.equal(i.detail, 'Instance name');
    assert.deepEqual(editRange(i), { start: { line: 1, character: 27 }, end: { line: 1, character: 28 } });
  });

  it('nothing in comments or past the end', () => {
    assert.deepEqual(unitCompletion('/w/web.service', '# Exec\n', { line: 0, character: 6 }), []);
    assert.deepEqual(unitCompletion('/w/notes.txt', 'Exec', { line: 0, character: 4 }), []);
  });
});

describe('hover', () => {
  const web = read('web.service');

  it("a key: the page's description, type, values and link", () => {
    const h = unitHover('/w/web.service', web, { line: 9, character: 3 });
    const v = hoverText(h);
    assert.match(v, /\*\*KillMode=\*\* · `\[Service\]` · systemd\.kill\(5\)/);
    assert.match(v, /Values: `control-group`, `mixed`, `process`, `none`/);
    assert.match(
      v,
      /\(https:\/\/www\.freedesktop\.org\/software\/systemd\/man\/latest\/systemd\.kill\.html#KillMode=\)/,
    );
    assert.match(v, /systemd 257/);
    assert.deepEqual(h!.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 8 } });
  });

  it('a Quadlet key links podman-systemd.unit(5); a section header its page', () => {
    const q = hoverText(unitHover('/w/web.container', read('web.container'), { line: 4, character: 2 }));
    assert.match(q, /\*\*Image=\*\* · `\[Container\]` · podman-systemd\.unit\(5\)/);
    assert.match(q, /https:\/\/docs\.podman\.io\/en\/latest\/markdown\/podman-systemd\.unit\.5\.html/);
    assert.match(q, /podman 5\.4/);
    const s = hoverText(unitHover('/w/web.service', web, { line: 5, character: 3 }));
    assert.match(s, /\*\*\[Service\]\*\* · service file/);
    const n = hoverText(
      unitHover('/etc/systemd/nspawn/machine.nspawn', read('machine.nspawn'), { line: 5, character: 1 }),
    );
    assert.match(n, /\*\*Port=\*\* · `\[Network\]` · systemd\.nspawn\(5\)/);
  });

  it('a specifier, a legacy key; nothing on unknown keys', () => {
    const s = hoverText(unitHover('/w/web.service', web, { line: 1, character: 28 }));
    assert.match(s, /\*\*%i\*\* — Instance name/);
    const legacy = hoverText(unitHover('/w/x.service', '[Unit]\nBindTo=a.service\n', { line: 1, character: 2 }));
    assert.match(legacy, /old spelling of BindsTo=/);
    assert.equal(unitHover('/w/web.service', web, { line: 10, character: 2 }), null);
  });
});

describe('quick fixes through the code-action service', () => {
  it('rename to the nearest key, move to the right section, the ignore pragma', () => {
    const uri = 'file:///w/web.service';
    const text = read('web.service') + 'ExecStop=/bin/kill $MAINPID\n';
    const findings = lintUnitFile('/w/web.service', text);
    const diagnostics = findings.map((f) => toDiagnostic(uri, f));
    const unknown = diagnostics.find((d) => d.code === 'SCT402')!;
    const actions = codeActions(uri, text, unknown.range, [unknown], ['quickfix'], findings);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Rename to Restart=', 'Ignore unknown-key for this line'],
    );
    const renamed = applyEdits(text, actions[0].edit!.changes![uri]);
    assert.match(renamed, /\nRestart=always\n/);
    const wrong = diagnostics.find((d) => d.code === 'SCT403')!;
    const move = codeActions(uri, text, wrong.range, [wrong], ['quickfix'], findings)[0];
    assert.equal(move.title, 'Move ExecStop= to [Service]');
    const moved = applyEdits(text, move.edit!.changes![uri]);
    assert.match(moved, /Restrat=always\nExecStop=\/bin\/kill \$MAINPID\n\n\[Install\]\nWantedBy=multi-user.target\n$/);
    const ignore = codeActions(uri, text, unknown.range, [unknown], ['quickfix'], findings)[1];
    const ignored = applyEdits(text, ignore.edit!.changes![uri]);
    assert.ok(!lintUnitFile('/w/web.service', ignored).some((f) => f.ruleId === 'SCT402'));
  });

  it('folding ranges cover each section', () => {
    assert.deepEqual(sectionFoldingRanges(read('machine.nspawn')), [
      { startLine: 0, endLine: 1 },
      { startLine: 3, endLine: 5 },
    ]);
  });
});

describe('the server-facing functions (service.ts, kinds/unit/editor.ts)', () => {
  it('lintDocumentAt picks the kind from the path and reads neighbours through the access it is given', async () => {
    const {
      unitDocumentHover: docsHover,
      unitFoldingRanges,
      workspaceUnitNames,
      unitDocumentCompletion,
    } = await import('../../server/src/kinds/unit/editor.js');
    const { lintDocumentAt: lintUnitDocument, hoverWithDocs } = await import('../../server/src/service.js');
    const unitDocumentHover = (
      path: string,
      text: string,
      position: { line: number; character: number },
      findings: Finding[],
    ) => hoverWithDocs(findings, position, docsHover(path, text, position));
    const web = read('web.container');
    assert.deepEqual(
      lintUnitDocument('/w/web.container', web, undefined).map((f) => f.ruleName),
      ['quadlet-privileged'],
    );
    assert.deepEqual(lintUnitDocument('/w/notes.txt', web, undefined), []);
    assert.deepEqual(lintUnitDocument('/w/web.container', web, { ignore: ['quadlet-privileged'] }), []);
    // hover: the rule's explanation first, then the man page
    const findings = lintUnitDocument('/w/web.container', web, undefined);
    const h = unitDocumentHover('/w/web.container', web, { line: 6, character: 14 }, findings);
    const v = (h!.contents as { value: string }).value;
    assert.ok(v.indexOf('SCT501 quadlet-privileged') < v.indexOf('**PodmanArgs=**'));
    assert.deepEqual(unitFoldingRanges(web)[1], { startLine: 3, endLine: 6, kind: 'region' });
    assert.deepEqual(
      workspaceUnitNames([
        '/w/a.service',
        '/w/b.container',
        '/w/app.network',
        '/w/README.md',
        '/w/a.service.d/x.conf',
        '/w/m.nspawn',
      ]),
      ['a.service', 'app.network', 'b.container'],
    );
    assert.ok(unitDocumentCompletion('/w/web.container', web, { line: 5, character: 8 }, ['app.network']).length === 1);
  });

  // Its speed is measured in bench/ (bench/kindSpeed.ts bigUnitTimes, against ini.parse), not timed here.
  it('a 3000-line unit: every entry read, its [Service] judged, no finding on the 1000 ordering entries', () => {
    const lines = ['[Unit]', 'Description=big'];
    for (let i = 0; i < 1000; i++) lines.push(`After=u${i}.service`, `# comment ${i}`, '');
    lines.push('[Service]', 'ExecStart=/bin/true', 'ExecStartt=/bin/false');
    const findings = lintUnitFile('/w/big.service', lines.join('\n'));
    // The misspelt key on the last line is found: the whole file was read.
    assert.deepEqual(
      findings.map((f) => [f.ruleName, f.range.start.line]),
      [['unknown-key', 3004]],
    );
  });
});
