// Compose files and unit files in a real VS Code: a compose diagnostic and its fix; a unit file
// with the systemd-unit language, completion of keys and values, a hover from the man page, and
// a diagnostic whose quick fix works.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { run, test, waitFor } from '../../harness';
import {
  activateExtension,
  codeOf,
  codes,
  openDocument,
  ours,
  replaceAll,
  waitForCodeAction,
  waitForCodes,
  workspaceUri,
} from '../../editorHelpers';

const compose = workspaceUri('compose.yaml');
const unit = workspaceUri('web.service');

test('compose.yaml: the systemd service gets its diagnostics', async () => {
  await activateExtension();
  await openDocument(compose);
  await waitForCodes(compose, ['SCT201', 'SCT204', 'SCT207', 'SCT208'], 20_000);
  const tmpfs = ours(compose).find((d) => codeOf(d) === 'SCT201')!;
  assert.equal(tmpfs.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(tmpfs.range.start.line, 1); // the service key
});

test('compose.yaml: "Add tmpfs /run, /run/lock" edits the YAML in place and clears SCT201', async () => {
  const doc = await openDocument(compose);
  const d = ours(compose).find((x) => codeOf(x) === 'SCT201')!;
  const action = await waitForCodeAction(compose, d.range, 'Add tmpfs /run, /run/lock');
  assert.ok(action.edit, 'the tmpfs fix carries no edit');
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  const text = doc.getText();
  assert.match(text, /^ {4}tmpfs:\n {6}- \/run\n {6}- \/run\/lock$/m, text);
  await waitFor(() => !codes(compose).includes('SCT201'), { message: 'SCT201 cleared' });
  assert.ok(codes(compose).includes('SCT204'), 'other findings stay');
});

test(
  'stack.yml: a compose file by content gets the compose checks although its language is YAML; a Kubernetes ' +
    'manifest gets none',
  async () => {
    const stack = workspaceUri('stack.yml');
    const doc = await openDocument(stack);
    assert.equal(doc.languageId, 'yaml');
    await waitForCodes(stack, ['SCT201', 'SCT202', 'SCT207', 'SCT208'], 20_000);
    assert.ok(!codes(stack).some((c) => /^SCT1/.test(c)), `not linted as a Dockerfile: ${codes(stack).join(', ')}`);
    const pod = workspaceUri('pod.yaml');
    await openDocument(pod);
    // The compose file above was linted; by now the manifest would have been too, were it linted.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(codes(pod), []);
  },
);

test('web.service opens as systemd-unit and shows the unknown key and the missing ExecStart', async () => {
  const doc = await openDocument(unit);
  assert.equal(doc.languageId, 'systemd-unit');
  await waitForCodes(unit, ['SCT402', 'SCT407'], 20_000);
  const typo = ours(unit).find((d) => codeOf(d) === 'SCT402')!;
  assert.equal(typo.range.start.line, 6);
});

test('completion offers keys of the section and values of an enum key', async () => {
  const doc = await openDocument(unit);
  // Keys: at the start of the blank line after Restart= in [Service]? Use a position on a new line.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(unit, new vscode.Position(8, 0), 'Restart\nType=\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  const keys = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    unit,
    new vscode.Position(8, 7),
  );
  const keyLabels = keys.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(
    keyLabels.some((l) => l.startsWith('RestartSec')),
    `keys: ${keyLabels.slice(0, 20).join(', ')}`,
  );
  const values = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    unit,
    new vscode.Position(9, 5),
  );
  const valueLabels = values.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  for (const v of ['simple', 'oneshot', 'notify'])
    assert.ok(valueLabels.includes(v), `Type= values: ${valueLabels.join(', ')}`);
  await vscode.commands.executeCommand('undo');
  await waitFor(() => !doc.getText().includes('Restart\nType=\n'), { message: 'undo' });
});

test('hover on a key shows its documentation and the man page link', async () => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    unit,
    new vscode.Position(7, 2),
  );
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
  assert.match(text, /Restart/);
  assert.match(text, /systemd\.service/);
  assert.match(text, /https:\/\/www\.freedesktop\.org\/software\/systemd\/man\//);
});

test('the "Rename to ExecStart=" quick fix repairs the unit and clears both findings', async () => {
  const doc = await openDocument(unit);
  const d = ours(unit).find((x) => codeOf(x) === 'SCT402')!;
  const action = await waitForCodeAction(unit, d.range, 'Rename to ExecStart=');
  assert.ok(action.edit, 'the rename fix carries no edit');
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  assert.equal(doc.lineAt(6).text, 'ExecStart=/usr/bin/python3 -m http.server 8080');
  await waitForCodes(unit, []);
});

const ksm = workspaceUri('ksm.service');

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

test(
  'the systemdVersion setting changes the squiggle on a key ' + 'new in systemd 254, and hover names the release',
  async () => {
    const settings = () => vscode.workspace.getConfiguration('systemdContainerTools', ksm);
    await openDocument(ksm);
    try {
      await settings().update('systemdVersion', '252', vscode.ConfigurationTarget.Workspace);
      const [d] = await waitForCodes(ksm, ['SCT402'], 20_000);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.line, 5);
      assert.match(d.message, /MemoryKSM= is unknown to systemd 252 in \[Service\]; it arrived in 254/);
      const at252 = await hoverText(ksm, new vscode.Position(5, 3));
      assert.match(at252, /unknown to systemd 252: it arrived in 254/);
      assert.match(at252, /Judged for systemd 252\* \(Debian bookworm, systemd 252\.[^;]*; as configured\)/);
      await settings().update('systemdVersion', '257', vscode.ConfigurationTarget.Workspace);
      await waitForCodes(ksm, [], 20_000);
      const at257 = await hoverText(ksm, new vscode.Position(5, 3));
      assert.match(at257, /MemoryKSM/);
      assert.match(at257, /Judged for systemd 257\* \(Debian trixie/);
    } finally {
      await settings().update('systemdVersion', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // "auto" without an image: the newest release known
    assert.match(
      await hoverText(ksm, new vscode.Position(5, 3)),
      /Judged for systemd 262\* \(Debian sid, systemd 262\.[^;]*; auto: the newest release known\)/,
    );
  },
);

const quadlet = workspaceUri('web.container');

const podmanTitle =
  'the podmanVersion setting changes the squiggle on a Quadlet key new in 5.8, hover names the Podman release, ' +
  'completion offers its keys';
test(podmanTitle, async () => {
  const settings = () => vscode.workspace.getConfiguration('systemdContainerTools', quadlet);
  const doc = await openDocument(quadlet);
  assert.equal(doc.languageId, 'systemd-unit');
  const keysAt = async (): Promise<string[]> => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      quadlet,
      new vscode.Position(6, 0),
    );
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  };
  try {
    await settings().update('podmanVersion', '5.4', vscode.ConfigurationTarget.Workspace);
    const [d] = await waitForCodes(quadlet, ['SCT402'], 20_000);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /HttpProxy= is not a key of \[Container\] for Quadlet of Podman 5\.4/);
    assert.match(d.message, /\(it arrived in Podman 5\.8\)/);
    const image = await hoverText(quadlet, new vscode.Position(4, 2));
    assert.match(image, /\*Judged for Quadlet of Podman 5\.4\* \(podman v5\.4\.2 pkg\/systemd\/quadlet\/quadlet\.go;/);
    assert.match(image, /quadlet\.go; as configured\)/);
    const unknown = await hoverText(quadlet, new vscode.Position(5, 2));
    assert.match(unknown, /not a key of Quadlet of Podman 5\.4: it arrived in Podman 5\.8/);
    // line 6 is the blank line that ends [Container]
    const at54 = await keysAt();
    assert.ok(at54.includes('Image') && !at54.includes('HttpProxy'), `5.4 keys: ${at54.join(', ')}`);
    await settings().update('podmanVersion', '5.8', vscode.ConfigurationTarget.Workspace);
    await waitForCodes(quadlet, [], 20_000);
    const at58 = await hoverText(quadlet, new vscode.Position(4, 2));
    assert.match(at58, /Judged for Quadlet of Podman 5\.8\* \(podman v5\.8\.2/);
    assert.ok((await keysAt()).includes('HttpProxy'), 'HttpProxy= offered at 5.8');
  } finally {
    await settings().update('podmanVersion', undefined, vscode.ConfigurationTarget.Workspace);
  }
  const auto = await hoverText(quadlet, new vscode.Position(4, 2));
  assert.match(auto, /Podman 5\.8\* \(podman v5\.8\.2 [^;]*; auto: the newest release known\)/);
});

test(
  'a Quadlet file typed into the walkthrough\'s new unit file is judged as Quadlet: no "[Container] is not a ' +
    'section of service files", no missing ExecStart; completion offers [Container] keys',
  async () => {
    // The walkthrough's "Open a new unit file" link runs exactly this.
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile', { languageId: 'systemd-unit' });
    const editor = vscode.window.activeTextEditor!;
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, 'systemd-unit');
    try {
      await replaceAll(doc, '[Container]\nImage=docker.io/library/nginx\nPublishPrt=8080:80\n');
      const [typo] = await waitForCodes(doc.uri, ['SCT402'], 20_000);
      assert.match(typo.message, /for Quadlet of Podman [\d.]+: .*did you mean PublishPort=\?/);
      await replaceAll(doc, '[Container]\nImage=docker.io/library/nginx\nPublishP\n');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(2, 8),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('PublishPort'), `offered: ${labels.slice(0, 20).join(', ')}`);
      await replaceAll(doc, '[Exec]\nBoot=yes\n[Network]\nVirtualEthernet=yes\n');
      await waitForCodes(doc.uri, [], 20_000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  },
);

export { run };
