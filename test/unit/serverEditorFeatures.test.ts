/**
 * The language server (real dist/server.js over stdio) gives each document the editor features of
 * its kind's registry entry (kinds/registry.ts, kinds/editorFeatures.ts): a unit file gets the
 * exposure code lens, the hardening action, hover, completion, folding and its judged releases
 * (a Quadlet file with its Podman release); a Dockerfile gets none of them.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { BenchServer } from '../../bench/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const UNIT = ['[Unit]', 'Description=web', '', '[Service]', 'ExecStart=/usr/bin/web', 'Restart=always', ''].join('\n');
const QUADLET = ['[Container]', 'Image=docker.io/library/nginx', ''].join('\n');
const DOCKERFILE = ['FROM debian:bookworm', 'CMD ["/sbin/init"]', ''].join('\n');

let server: BenchServer;
before(async () => {
  server = await BenchServer.start(ROOT, { enable: true, rules: {}, configFile: '' });
  const open = (uri: string, languageId: string, text: string) =>
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await open('file:///features/web.service', 'systemd-unit', UNIT);
  await open('file:///features/web.container', 'systemd-unit', QUADLET);
  await open('file:///features/Dockerfile', 'dockerfile', DOCKERFILE);
});
after(async () => server?.stop());

const request = <T>(method: string, params: object) => server.connection.sendRequest(method, params) as Promise<T>;
const doc = (name: string) => ({ textDocument: { uri: `file:///features/${name}` } });

describe('editor features by kind', () => {
  it('a unit: exposure lens, hardening action, hover, completion, folding, judged release', async () => {
    const lenses = await request<{ command: { title: string } }[]>('textDocument/codeLens', doc('web.service'));
    assert.match(lenses[0].command.title, /^Exposure \d+\.\d /);
    const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } };
    const actions = await request<{ title: string }[]>('textDocument/codeAction', {
      ...doc('web.service'),
      range,
      context: { diagnostics: [] },
    });
    assert.ok(
      actions.some((a) => /^Harden for /.test(a.title)),
      JSON.stringify(actions.map((a) => a.title)),
    );
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', {
      ...doc('web.service'),
      position: { line: 5, character: 2 },
    });
    assert.match(hover.contents.value, /Restart=/);
    const completion = await request<{ label: string }[]>('textDocument/completion', {
      ...doc('web.service'),
      position: { line: 6, character: 0 },
    });
    assert.ok(
      completion.some((c) => c.label.startsWith('ExecStop')),
      `${completion.length} items`,
    );
    const folding = await request<{ startLine: number }[]>('textDocument/foldingRange', doc('web.service'));
    assert.deepEqual(
      folding.map((f) => f.startLine),
      [0, 3],
    );
    const target = await request<{ systemd: { release: number }; podman?: unknown }>(
      'systemdContainerTools/unitTarget',
      { uri: 'file:///features/web.service' },
    );
    assert.equal(typeof target.systemd.release, 'number');
    assert.equal(target.podman, undefined);
  });

  it('a Quadlet file is judged for a Podman release too', async () => {
    const target = await request<{ podman?: { release: string } }>('systemdContainerTools/unitTarget', {
      uri: 'file:///features/web.container',
    });
    assert.match(String(target.podman?.release), /^\d+\.\d+$/);
  });

  it('a Dockerfile gets none of them', async () => {
    assert.deepEqual(await request('textDocument/codeLens', doc('Dockerfile')), []);
    assert.deepEqual(await request('textDocument/foldingRange', doc('Dockerfile')), []);
    assert.deepEqual(
      await request('textDocument/completion', { ...doc('Dockerfile'), position: { line: 0, character: 0 } }),
      [],
    );
    assert.equal(await request('systemdContainerTools/unitTarget', { uri: 'file:///features/Dockerfile' }), null);
  });
});
