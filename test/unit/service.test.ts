/**
 * The transport-free service behind the language server: diagnostics as LSP sends them, code
 * actions (each carrying its diagnostic, the preferred flag, the ignore pragma above the whole
 * instruction), fix-all and hover. The real VS Code suite (test/vscode/suites/lint) drives the
 * same through the protocol; VS Code's API command does not return CodeAction.diagnostics, so
 * that part is checked here.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter } from '../../server/src/lint';
import {
  codeActions,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  hover,
  lintDocument,
  toDiagnostic,
} from '../../server/src/service';
import { applyEdits } from '../../shared/text';
import { df } from './helpers';

before(() => initLinter());

const URI = 'file:///w/Dockerfile';
const TEXT = df([
  'FROM debian:bookworm',
  'RUN apt-get update \\',
  '    && apt-get install -y systemd \\',
  '    && systemctl start ssh',
  'CMD ["/sbin/init"]',
]);

function setup() {
  const findings = lintDocument('dockerfile', TEXT, undefined);
  const diagnostics = findings.map((f) => toDiagnostic(URI, f));
  return { findings, diagnostics };
}

describe('service', () => {
  it('diagnostics carry source, code, docs link, severity and related lines', () => {
    const { diagnostics } = setup();
    const start = diagnostics.find((d) => d.code === 'SCT114')!;
    assert.equal(start.source, DIAGNOSTIC_SOURCE);
    assert.equal(start.severity, 1);
    assert.match(start.codeDescription!.href, /docs\/rules\.md#sct114-systemctl-start-in-run$/);
    assert.deepEqual(start.range.start, { line: 3, character: 7 });
    const sysv = diagnostics.find((d) => d.code === 'SCT103')!;
    assert.equal(sysv.relatedInformation?.[0].location.uri, URI);
    assert.equal(sysv.relatedInformation?.[0].location.range.start.line, 1);
  });

  it('quick fixes carry their diagnostic and the preferred flag', () => {
    const { findings, diagnostics } = setup();
    const d = diagnostics.find((x) => x.code === 'SCT103')!;
    const actions = codeActions(URI, TEXT, d.range, [d], ['quickfix'], findings);
    assert.deepEqual(
      actions.map((a) => [a.title, !!a.isPreferred]),
      [
        ['Start /lib/systemd/systemd instead', true],
        ['Install systemd-sysv', false],
        ['Ignore sbin-init-without-sysv-pkg for this instruction', false],
      ],
    );
    for (const a of actions) assert.deepEqual(a.diagnostics, [d]);
  });

  it('the ignore pragma goes above the instruction, not into its continuation lines', () => {
    const { findings, diagnostics } = setup();
    const d = diagnostics.find((x) => x.code === 'SCT114')!;
    assert.equal(d.range.start.line, 3);
    const ignore = codeActions(URI, TEXT, d.range, [d], ['quickfix'], findings).find((a) =>
      a.title.startsWith('Ignore'),
    )!;
    const edits = ignore.edit!.changes![URI];
    const fixed = applyEdits(TEXT, edits);
    assert.equal(fixed.split('\n')[1], '# systemd-lint ignore=systemctl-start-in-run');
    assert.ok(!lintDocument('dockerfile', fixed, undefined).some((f) => f.ruleId === 'SCT114'));
  });

  it('only the requested kinds: source.fixAll.systemd alone gives one fix-all action', () => {
    const { findings, diagnostics } = setup();
    const actions = codeActions(
      URI,
      TEXT,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      diagnostics,
      [FIX_ALL_KIND],
      findings,
    );
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, FIX_ALL_KIND);
    const fixed = applyEdits(TEXT, actions[0].edit!.changes![URI]);
    assert.deepEqual(
      lintDocument('dockerfile', fixed, undefined).map((f) => f.ruleId),
      [],
    );
    assert.equal(codeActions(URI, TEXT, diagnostics[0].range, diagnostics, ['refactor'], findings).length, 0);
  });

  it('hover shows the rule, its explanation and the expected line', () => {
    const { findings } = setup();
    const h = hover(findings, { line: 3, character: 12 });
    const value = (h!.contents as { value: string }).value;
    assert.match(value, /\*\*SCT114 systemctl-start-in-run\*\*/);
    assert.match(value, /Expected: `RUN systemctl enable nginx.service`/);
    assert.equal(hover(findings, { line: 0, character: 0 }), null);
  });

  it('documents too large or binary are not linted', () => {
    assert.deepEqual(lintDocument('dockerfile', 'FROM debian\0\nCMD ["/sbin/init"]\n', undefined), []);
    assert.deepEqual(lintDocument('dockerfile', 'x'.repeat(6 * 1024 * 1024), undefined), []);
  });
});

describe('a unit typed into an untitled editor (no file name: the walkthrough\'s "Open a new unit file")', () => {
  const ruleIds = (text: string) =>
    lintDocument('systemd-unit', text, undefined).map((f) => `${f.ruleName}: ${f.message.split(':')[0]}`);
  it('is judged as the type its sections say: Quadlet, .nspawn, socket, timer; else a service', () => {
    // issue 22 point 1's symptom by another road: "[Container] is not a section of service files",
    // "neither ExecStart= nor ExecStop="
    assert.deepEqual(ruleIds('[Container]\nImage=docker.io/library/nginx\n'), []);
    assert.deepEqual(ruleIds('[Unit]\nDescription=web\n[Container]\nImage=quay.io/a/b\n[Install]\nWantedBy=x\n'), []);
    assert.deepEqual(ruleIds('[Exec]\nBoot=yes\n[Network]\nVirtualEthernet=yes\n'), []);
    assert.deepEqual(ruleIds('[Socket]\nListenStream=7777\n'), []);
    assert.deepEqual(ruleIds('[Timer]\nOnCalendar=daily\n'), []);
    assert.deepEqual(ruleIds('[Network]\nSubnet=10.89.0.0/24\n'), []);
    // a typo is still found in the type the file is
    assert.deepEqual(
      lintDocument('systemd-unit', '[Container]\nImage=quay.io/a/b\nPublishPrt=80\n', undefined).map((f) => f.ruleName),
      ['unknown-key'],
    );
    // a service is judged as one, as before
    assert.deepEqual(
      lintDocument('systemd-unit', '[Unit]\nDescription=x\n[Service]\nType=oneshot\n', undefined).map(
        (f) => f.ruleName,
      ),
      ['missing-required-key'],
    );
  });
});
