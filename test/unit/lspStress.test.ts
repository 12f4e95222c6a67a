/**
 * The language server process under stress (real dist/server.js over stdio): 2,000 rapid edits
 * across 20 documents, an open/close storm, a 10 MB document, a neighbour file deleted while
 * linting. The server stays up, answers, publishes the final state of every document, and its
 * memory comes back near where it started.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchServer } from '../../bench/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DOCKERFILE = [
  'FROM debian:bookworm',
  'RUN apt-get update && apt-get install -y systemd',
  'CMD ["/sbin/init"]',
  '',
].join('\n');

let server: BenchServer;
const diagnostics = new Map<string, { version?: number; count: number }>();

before(async () => {
  server = await BenchServer.start(ROOT, { enable: true, rules: {}, configFile: '' });
  server.diagnosticsListeners.push((p) => diagnostics.set(p.uri, { version: p.version, count: p.diagnostics.length }));
});
after(async () => server?.stop());

async function alive(): Promise<void> {
  const hover = server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: 'file:///nowhere/Dockerfile' },
    position: { line: 0, character: 0 },
  });
  const result = await Promise.race([
    hover,
    new Promise((_, reject) => setTimeout(() => reject(new Error('server did not answer within 5 s')), 5000)),
  ]);
  assert.equal(result, null);
  assert.equal(server.process.exitCode, null, 'server exited');
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('language server under stress', () => {
  let baselineMb = 0;

  it('warms up and records its memory', async () => {
    await server.open('file:///stress/warm/Dockerfile', DOCKERFILE);
    await new Promise((r) => setTimeout(r, 500));
    baselineMb = server.rssMb();
    await alive();
  });

  it('2,000 rapid edits across 20 documents end with the final version of each linted', async () => {
    const uris = Array.from({ length: 20 }, (_, i) => `file:///stress/d${i}/Dockerfile`);
    for (const uri of uris)
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
      });
    const versions = new Map(uris.map((u) => [u, 1]));
    for (let i = 0; i < 2000; i++) {
      const uri = uris[i % uris.length];
      const version = versions.get(uri)! + 1;
      versions.set(uri, version);
      // Alternately break and repair the STOPSIGNAL line: the final state is known.
      const text = i % 40 < 20 ? `STOPSIGNAL SIGRTMIN+3 # ${i}` : `# no stop signal ${i}`;
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1000 } }, text }],
      });
    }
    await until(
      () => uris.every((u) => diagnostics.get(u)?.version === versions.get(u)),
      20_000,
      'final diagnostics for every document',
    );
    await alive();
    for (const uri of uris)
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('an open/close storm of 500 documents', async () => {
    for (let i = 0; i < 500; i++) {
      const uri = `file:///stress/storm${i}/Dockerfile`;
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
      });
      if (i % 3 !== 0) await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    for (let i = 0; i < 500; i += 3)
      await server.connection.sendNotification('textDocument/didClose', {
        textDocument: { uri: `file:///stress/storm${i}/Dockerfile` },
      });
    await alive();
  });

  it('a 10 MB document is accepted, not linted, and the server keeps answering', async () => {
    const uri = 'file:///stress/huge/Dockerfile';
    const huge = DOCKERFILE + 'RUN echo x\n'.repeat(Math.ceil((10 * 1024 * 1024) / 11));
    await server.open(uri, huge);
    assert.equal(diagnostics.get(uri)?.count, 0);
    await alive();
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('a Dockerfile deleted while its compose file is being linted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-stress-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
      const compose = path.join(dir, 'compose.yaml');
      const text = 'services:\n  app:\n    build: .\n';
      fs.writeFileSync(compose, text);
      const uri = 'file://' + compose;
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text },
      });
      for (let v = 2; v < 40; v++) {
        if (v === 20) fs.rmSync(path.join(dir, 'Dockerfile'));
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ text: text + `# ${v}\n` }],
        });
        await new Promise((r) => setTimeout(r, 5));
      }
      await until(() => diagnostics.get(uri)?.version === 39, 10_000, 'diagnostics of the last version');
      await alive();
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('memory comes back near the baseline once the documents are closed', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const now = server.rssMb();
    console.log(`#   server RSS: baseline ${baselineMb.toFixed(0)} MB, after the storms ${now.toFixed(0)} MB`);
    assert.ok(now < baselineMb + 60, `RSS ${now.toFixed(0)} MB vs baseline ${baselineMb.toFixed(0)} MB`);
  });
});
