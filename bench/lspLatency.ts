/**
 * Keystroke latency through the real server process: didChange → publishDiagnostics for a
 * 200-line document, each edit new text on one line (a RUN line of a Dockerfile, an
 * ExecStartPre= line of a service). The floor is the same server with linting disabled
 * (transport + document sync + scheduling), measured in the same run.
 */
import { performance } from 'perf_hooks';
import { BenchServer, type ServerSettings } from './lspClient';
import { summarize, type Sample } from './stats';

export interface LatencyResult {
  full: Sample;
  floor: Sample;
}

/** A document to type into: where it is, its language, its text, the line edited and the text each edit puts there. */
export interface EditedDocument {
  uri: string;
  languageId: string;
  text: string;
  line: RegExp;
  edit(i: number): string;
}

export const DOCKERFILE_EDITS = (text: string): EditedDocument => ({
  uri: 'file:///bench/Dockerfile',
  languageId: 'dockerfile',
  text,
  line: /^RUN [^\\]*$/,
  edit: (i) => `RUN apt-get install -y --no-install-recommends pkg-${i}`,
});

export const UNIT_EDITS = (text: string): EditedDocument => ({
  uri: 'file:///bench/units/app.service',
  languageId: 'systemd-unit',
  text,
  line: /^ExecStartPre=[^\\]*$/,
  edit: (i) => `ExecStartPre=-/usr/bin/docker rm -f app-${i}`,
});

async function editLatencies(
  root: string,
  doc: EditedDocument,
  edits: number,
  settings: ServerSettings,
): Promise<number[]> {
  const server = await BenchServer.start(root, settings);
  try {
    await server.open(doc.uri, doc.text, doc.languageId);
    const lines = doc.text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length / 3 && doc.line.test(l));
    if (line < 0) throw new Error(`no line matching ${doc.line} in the benchmark document ${doc.uri}`);
    let current = lines[line];
    const values: number[] = [];
    for (let i = 0; i < edits; i++) {
      const next = doc.edit(i);
      const t0 = performance.now();
      await server.replaceLine(doc.uri, i + 2, line, current.length, next);
      values.push(performance.now() - t0);
      current = next;
    }
    return values;
  } finally {
    await server.stop();
  }
}

export async function lspLatency(root: string, doc: EditedDocument, edits: number): Promise<LatencyResult> {
  const floor = await editLatencies(root, doc, edits, { enable: false, rules: {}, configFile: '' });
  const full = await editLatencies(root, doc, edits, { enable: true, rules: {}, configFile: '' });
  return { full: summarize(full), floor: summarize(floor) };
}

/** RSS of the server after opening `count` distinct documents and receiving their diagnostics. */
export async function serverMemory(root: string, texts: string[]): Promise<{ before: number; after: number }> {
  const server = await BenchServer.start(root, { enable: true, rules: {}, configFile: '' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const before = server.rssMb();
    for (let i = 0; i < texts.length; i++) await server.open(`file:///bench/doc${i}/Dockerfile`, texts[i]);
    return { before, after: server.rssMb() };
  } finally {
    await server.stop();
  }
}
