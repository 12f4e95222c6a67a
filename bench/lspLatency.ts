/**
 * Keystroke latency through the real server process: didChange → publishDiagnostics for a
 * 200-line Dockerfile, each edit new text on one RUN line. The floor is the same server with
 * linting disabled (debounce + transport + document sync), measured in the same run.
 */
import { performance } from 'perf_hooks';
import { BenchServer, type ServerSettings } from './lspClient';
import { summarize, type Sample } from './stats';

export interface LatencyResult {
  full: Sample;
  floor: Sample;
}

async function editLatencies(root: string, text: string, edits: number, settings: ServerSettings): Promise<number[]> {
  const server = await BenchServer.start(root, settings);
  try {
    const uri = 'file:///bench/Dockerfile';
    await server.open(uri, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^RUN [^\\]*$/.test(l));
    if (line < 0) throw new Error('no single-line RUN in the benchmark Dockerfile');
    let current = lines[line];
    const values: number[] = [];
    for (let i = 0; i < edits; i++) {
      const next = `RUN apt-get install -y --no-install-recommends pkg-${i}`;
      const t0 = performance.now();
      await server.replaceLine(uri, i + 2, line, current.length, next);
      values.push(performance.now() - t0);
      current = next;
    }
    return values;
  } finally {
    await server.stop();
  }
}

export async function lspLatency(root: string, text: string, edits: number): Promise<LatencyResult> {
  const floor = await editLatencies(root, text, edits, { enable: false, rules: {}, configFile: '' });
  const full = await editLatencies(root, text, edits, { enable: true, rules: {}, configFile: '' });
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
