// The linter in a real VS Code: diagnostics at the right ranges, hover, every quick fix applied
// through the code action provider, the ignore action, settings, fix-all on save, no noise on an
// ordinary Dockerfile, and a language server that survives huge and binary files and a crash.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { run, test, waitFor } from '../../harness';
import {
  activateExtension,
  codeOf,
  codes,
  openDocument,
  ours,
  replaceAll,
  serverPids,
  waitForCodeAction,
  waitForCodes,
  withLineReplaced,
  withLinesInserted,
  workspaceUri,
} from '../../editorHelpers';

const dockerfile = workspaceUri('Dockerfile');
const ALL = ['SCT103', 'SCT105', 'SCT106', 'SCT107', 'SCT111', 'SCT114'];
let original = '';
let doc: vscode.TextDocument;
let serverPid = 0;

const PRUNE_BLOCK = [
  'RUN cd /lib/systemd/system/sysinit.target.wants/ \\',
  '    && for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] || rm -f "$unit"; done \\',
  '    && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \\',
  '       /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \\',
  '       /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/* \\',
  '       /lib/systemd/system/anaconda.target.wants/*',
];

async function reset(): Promise<void> {
  await replaceAll(doc, original);
  await waitForCodes(dockerfile, ALL);
}

test('opening the broken Dockerfile shows the expected codes at the expected ranges', async () => {
  await activateExtension();
  doc = await openDocument(dockerfile);
  original = doc.getText();
  assert.equal(doc.languageId, 'dockerfile');
  const diagnostics = await waitForCodes(dockerfile, ALL, 20_000);
  const at = (code: string) => diagnostics.find((d) => codeOf(d) === code)!;
  const expectRange = (code: string, l1: number, c1: number, l2: number, c2: number) =>
    assert.deepEqual(
      [
        at(code).range.start.line,
        at(code).range.start.character,
        at(code).range.end.line,
        at(code).range.end.character,
      ],
      [l1, c1, l2, c2],
      `${code} range`,
    );
  // FROM's image reference for the image-wide findings; the offending words otherwise.
  expectRange('SCT105', 1, 5, 1, 20);
  expectRange('SCT106', 1, 5, 1, 20);
  expectRange('SCT107', 1, 5, 1, 20);
  expectRange('SCT111', 2, 22, 2, 72);
  expectRange('SCT114', 4, 4, 4, 31);
  expectRange('SCT103', 5, 0, 5, 18);
  assert.equal(at('SCT114').severity, vscode.DiagnosticSeverity.Error);
  assert.equal(at('SCT103').severity, vscode.DiagnosticSeverity.Error);
  assert.equal(at('SCT106').severity, vscode.DiagnosticSeverity.Warning);
  const code = at('SCT114').code as { value: string; target: vscode.Uri };
  assert.equal(code.value, 'SCT114');
  assert.match(code.target.toString(true), /docs\/rules\.md#sct114-systemctl-start-in-run$/);
  // The related line: the install that left out systemd-sysv.
  const related = at('SCT103').relatedInformation ?? [];
  assert.equal(related.length, 1);
  assert.equal(related[0].location.uri.toString(), dockerfile.toString());
  assert.equal(related[0].location.range.start.line, 2);
  assert.match(related[0].message, /systemd-sysv/);
});

test('hover on a diagnostic shows the explanation and the expected recipe line', async () => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    dockerfile,
    new vscode.Position(4, 15),
  );
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
  assert.match(text, /SCT114 systemctl-start-in-run/);
  assert.match(text, /Expected: `RUN systemctl enable nginx\.service`/);
});

interface FixCase {
  code: string;
  title: string;
  preferred: boolean;
  expected: () => string;
}

const FIXES: FixCase[] = [
  {
    code: 'SCT105',
    title: 'Add ENV container=docker',
    preferred: true,
    expected: () => withLinesInserted(original, 2, ['ENV container=docker']),
  },
  {
    code: 'SCT106',
    title: 'Add STOPSIGNAL SIGRTMIN+3',
    preferred: true,
    expected: () => withLinesInserted(original, 2, ['STOPSIGNAL SIGRTMIN+3']),
  },
  {
    code: 'SCT107',
    title: 'Add the wants prune block after the package installs',
    preferred: true,
    expected: () => withLinesInserted(original, 4, PRUNE_BLOCK),
  },
  {
    code: 'SCT111',
    title: 'Mask udev and getty units',
    preferred: true,
    expected: () =>
      withLinesInserted(original, 4, [
        'RUN systemctl mask systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket ' +
          'systemd-udev-trigger.service getty.target console-getty.service',
      ]),
  },
  {
    code: 'SCT114',
    title: 'Replace "start" with "enable"',
    preferred: true,
    expected: () => withLineReplaced(original, 4, 'RUN systemctl enable ssh.service'),
  },
  {
    code: 'SCT103',
    title: 'Start /lib/systemd/systemd instead',
    preferred: true,
    expected: () => withLineReplaced(original, 5, 'CMD ["/lib/systemd/systemd"]'),
  },
  {
    code: 'SCT103',
    title: 'Install systemd-sysv',
    preferred: false,
    expected: () =>
      withLinesInserted(original, 4, [
        'RUN apt-get update && apt-get install -y --no-install-recommends systemd-sysv && rm -rf /var/lib/apt/lists/*',
      ]),
  },
];

for (const fix of FIXES) {
  test(`quick fix "${fix.title}" yields the expected text and clears ${fix.code}`, async () => {
    const diagnostic = ours(dockerfile).find((d) => codeOf(d) === fix.code);
    assert.ok(diagnostic, `${fix.code} is not shown`);
    const action = await waitForCodeAction(dockerfile, diagnostic.range, fix.title);
    assert.equal(action.kind?.value, 'quickfix');
    assert.equal(!!action.isPreferred, fix.preferred, 'isPreferred');
    // (vscode.executeCodeActionProvider does not return CodeAction.diagnostics; test/unit/service.test.ts checks them.)
    assert.ok(action.edit, 'the action carries a WorkspaceEdit');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.equal(doc.getText(), fix.expected());
    await waitFor(() => !codes(dockerfile).includes(fix.code), { message: `${fix.code} cleared` });
    await reset();
  });
}

test('"Ignore <rule> for this instruction" inserts the pragma and clears only that diagnostic', async () => {
  const diagnostic = ours(dockerfile).find((d) => codeOf(d) === 'SCT114')!;
  const ignore = await waitForCodeAction(
    dockerfile,
    diagnostic.range,
    'Ignore systemctl-start-in-run for this instruction',
  );
  assert.ok(ignore.edit, 'the ignore action carries no edit');
  assert.ok(await vscode.workspace.applyEdit(ignore.edit));
  assert.equal(doc.getText(), withLinesInserted(original, 4, ['# systemd-lint ignore=systemctl-start-in-run']));
  await waitForCodes(
    dockerfile,
    ALL.filter((c) => c !== 'SCT114'),
  );
  await reset();
});

test('a settings change turns a rule off and changes a severity, re-linting open documents', async () => {
  const config = vscode.workspace.getConfiguration('systemdContainerTools');
  await config.update('rules', { 'missing-stopsignal': 'off', SCT114: 'info' }, vscode.ConfigurationTarget.Workspace);
  try {
    await waitForCodes(
      dockerfile,
      ALL.filter((c) => c !== 'SCT106'),
    );
    await waitFor(
      () => ours(dockerfile).find((d) => codeOf(d) === 'SCT114')?.severity === vscode.DiagnosticSeverity.Information,
      {
        message: 'SCT114 shown as information',
      },
    );
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForCodes(dockerfile, ALL);
  assert.equal(ours(dockerfile).find((d) => codeOf(d) === 'SCT114')?.severity, vscode.DiagnosticSeverity.Error);
});

test('"enable": false clears the diagnostics; true brings them back', async () => {
  const config = vscode.workspace.getConfiguration('systemdContainerTools');
  await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
  try {
    await waitForCodes(dockerfile, []);
  } finally {
    await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForCodes(dockerfile, ALL);
});

test('an ordinary (non-systemd) Dockerfile gets no diagnostics', async () => {
  const uri = workspaceUri('app.Dockerfile');
  const app = await openDocument(uri);
  const text = app.getText();
  // Prove the server lints this document: an init CMD makes it a systemd image …
  await replaceAll(app, text.replace('CMD ["node", "server.js"]', 'CMD ["/sbin/init"]'));
  await waitFor(() => codes(uri).includes('SCT102'), { message: 'SCT102 on the app image with an init CMD' });
  // … and the original has none.
  await replaceAll(app, text);
  await waitForCodes(uri, []);
  await new Promise((r) => setTimeout(r, 500)); // past the debounce: still nothing
  assert.deepEqual(codes(uri), []);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test("the walkthrough's sample command opens a Dockerfile with diagnostics", async () => {
  await vscode.commands.executeCommand('systemdContainerTools.openSampleDockerfile');
  const sample = await waitFor(() => vscode.window.activeTextEditor?.document, { message: 'sample editor' });
  assert.equal(sample.languageId, 'dockerfile');
  assert.equal(sample.uri.scheme, 'untitled');
  await waitFor(() => codes(sample.uri).includes('SCT114') && codes(sample.uri).includes('SCT103'), {
    message: 'SCT114 and SCT103 on the sample',
  });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('the language server is one process, and it is running', async () => {
  const pids = await waitFor(() => (serverPids().length === 1 ? serverPids() : undefined), {
    message: 'one dist/server.js process',
  });
  serverPid = pids[0];
});

test('a 10,000-line Dockerfile is linted without breaking the server', async () => {
  const uri = workspaceUri('big.Dockerfile');
  const body = Array.from({ length: 10_000 }, (_, i) => `RUN echo "step ${i}" >> /var/log/steps.txt`);
  fs.writeFileSync(uri.fsPath, [...original.trimEnd().split('\n'), ...body].join('\n') + '\n');
  const t0 = Date.now();
  await openDocument(uri);
  await waitForCodes(uri, ALL, 20_000);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`    (10,000-line file: diagnostics after ${seconds.toFixed(2)} s)`);
  assert.deepEqual(serverPids(), [serverPid], 'the server did not restart');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('binary files do not break the server', async () => {
  const bytes = Buffer.alloc(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  const uri = workspaceUri('binary.dockerfile');
  fs.writeFileSync(uri.fsPath, bytes);
  // VS Code refuses binary files as text documents; if it opens one, the server must cope.
  try {
    const bin = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(bin);
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`    (binary file opened as text: ${ours(uri).length} diagnostic(s))`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  } catch (e) {
    assert.match(String(e), /binary/i, `unexpected error opening a binary file: ${String(e)}`);
  }
  // Control characters and NULs typed into an untitled Dockerfile reach the server for sure.
  const untitled = await vscode.workspace.openTextDocument({
    language: 'dockerfile',
    content: bytes.toString('latin1').slice(0, 20_000),
  });
  await vscode.window.showTextDocument(untitled);
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(serverPids(), [serverPid], 'the server did not restart');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  // And it still answers: an edit to the Dockerfile is re-linted.
  doc = await openDocument(dockerfile);
  await replaceAll(doc, withLinesInserted(original, 2, ['STOPSIGNAL SIGRTMIN+3']));
  await waitForCodes(
    dockerfile,
    ALL.filter((c) => c !== 'SCT106'),
  );
  await reset();
});

test('fix-all on save (editor.codeActionsOnSave: source.fixAll.systemd) fixes every issue', async () => {
  doc = await openDocument(dockerfile);
  assert.equal(doc.getText(), original);
  await vscode.commands.executeCommand('workbench.action.files.save');
  await waitFor(() => !doc.isDirty, { message: 'saved' });
  await waitForCodes(dockerfile, []);
  const saved = fs.readFileSync(dockerfile.fsPath, 'utf8');
  for (const line of [
    'ENV container=docker',
    'STOPSIGNAL SIGRTMIN+3',
    'RUN systemctl enable ssh.service',
    'CMD ["/lib/systemd/systemd"]',
    PRUNE_BLOCK[0],
  ]) {
    assert.ok(saved.includes(line), `saved file lacks ${line}:\n${saved}`);
  }
});

// Last: for a second or two after a restart, VS Code may drop code-action answers, so a save then
// can miss its fix-all. The server got the save's request and answered it; VS Code cancels a request
// when code action providers change while it runs, the likely cause (which provider is not known).
// Measured here: fix-all on save right after this test was not applied in 5 of 28 runs; 3 s later, 0 of 8.
test('a crashed server is restarted and lints again', async () => {
  process.kill(serverPid, 'SIGKILL');
  const restarted = await waitFor(() => serverPids().find((p) => p !== serverPid), {
    timeoutMs: 20_000,
    message: 'a new server process',
  });
  assert.notEqual(restarted, serverPid);
  await replaceAll(doc, withLinesInserted(original, 2, ['ENV container=docker']));
  await waitForCodes(
    dockerfile,
    ALL.filter((c) => c !== 'SCT105'),
    20_000,
  );
  await reset();
});

export { run };
