// The exposure score in a real VS Code: the code lens on a service's [Service] header with the overall
// exposure and rating (as systemd-analyze security computes it), the per-setting table in the hover
// there, and the "Harden for …" action, after which the lens shows the score the action promised.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { run, test, waitFor } from '../../harness';
import { activateExtension, openDocument, waitForCodeAction, workspaceUri } from '../../editorHelpers';

const unit = workspaceUri('web.service');
const SERVICE_LINE = 4;

async function lensTitles(): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', unit);
  return (lenses ?? []).filter((l) => l.range.start.line === SERVICE_LINE).map((l) => l.command?.title ?? '');
}

test('the exposure code lens sits on [Service] with the overall exposure and rating', async () => {
  await activateExtension();
  const doc = await openDocument(unit);
  assert.equal(doc.languageId, 'systemd-unit');
  let titles: string[] = [];
  await waitFor(async () => (titles = await lensTitles()).length > 0, {
    timeoutMs: 20_000,
    message: 'a code lens on [Service]',
  });
  // A root service with no sandboxing: what systemd-analyze security --offline=yes of 257 says of it.
  assert.deepEqual(titles, ['Exposure 9.4 UNSAFE (systemd-analyze security, systemd 257)']);
});

test('the hover on [Service] shows the per-setting table', async () => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    unit,
    new vscode.Position(SERVICE_LINE, 3),
  );
  const text = hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
  assert.match(text, /\*\*Overall exposure 9\.4 UNSAFE\*\*/);
  assert.match(text, /\| ✗ \| `User=\/DynamicUser=` \|/);
  assert.match(text, /\| ✗ \| `NoNewPrivileges=` \|/);
  // one row per setting the analyzer counts
  assert.ok(text.split('\n').filter((l) => l.startsWith('| ✗ |') || l.startsWith('| ✓ |')).length >= 60, text);
});

test('"Harden for an unprivileged Docker container" adds the settings and the lens shows the promised score', async () => {
  const doc = await openDocument(unit);
  const range = new vscode.Range(SERVICE_LINE + 1, 0, SERVICE_LINE + 1, 0);
  const action = await waitForCodeAction(
    unit,
    range,
    'Harden for an unprivileged Docker container: add 9 settings (exposure 9.4 → 6.1 MEDIUM)',
  );
  assert.ok(action.edit && (await vscode.workspace.applyEdit(action.edit)));
  const text = doc.getText();
  assert.match(text, /Restart=on-failure\nNoNewPrivileges=yes\n/);
  assert.match(text, /\nSystemCallFilter=@system-service chroot\n/);
  // never a setting an unprivileged container ignores or refuses
  assert.doesNotMatch(text, /PrivateTmp=|ProtectSystem=|DynamicUser=|PrivateUsers=/);
  let titles: string[] = [];
  await waitFor(async () => (titles = await lensTitles()).some((t) => t.startsWith('Exposure 6.1')), {
    timeoutMs: 20_000,
    message: () => `the lens updated (${titles.join(', ')})`,
  });
  assert.deepEqual(titles, ['Exposure 6.1 MEDIUM (systemd-analyze security, systemd 257)']);
});

export { run };
