/**
 * Dockerfile lint speed against the peers, in the same process and run: our full lint (every
 * rule, RUN bodies through tree-sitter-bash) with the RUN cache cleared each pass (the cost of a
 * file seen for the first time) and with it warm (the keystroke path), dockerfile-utils
 * `validate` (syntax only, the engine of rcjsuen's language server) and dockerfilelint.
 */
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../server/src/lint';
import { clearRunCache } from '../server/src/kinds/dockerfile/model';
import { timeInterleaved, type Sample } from './stats';
import type { CorpusFile } from './corpusFiles';

// dockerfilelint ships no types: run(context, content) → array of findings.
const dockerfilelint = require('dockerfilelint') as { run(context: string, content: string): unknown[] };

export interface Contender {
  name: string;
  lintAll(files: string[]): void;
}

export const CONTENDERS: Contender[] = [
  {
    name: 'ours, RUN cache cleared each pass',
    lintAll: (files) => {
      clearRunCache();
      for (const f of files) lintDockerfile(f);
    },
  },
  { name: 'ours, RUN cache warm (keystroke path)', lintAll: (files) => files.forEach((f) => lintDockerfile(f)) },
  { name: 'dockerfile-utils validate (syntax only)', lintAll: (files) => files.forEach((f) => validate(f)) },
  { name: 'dockerfilelint', lintAll: (files) => files.forEach((f) => dockerfilelint.run('/tmp', f)) },
];

export interface ThroughputRow {
  name: string;
  sample: Sample;
  filesPerSecond: number;
}

/** Files per second of each contender over the corpus, the contenders interleaved round by round. */
export function corpusThroughput(files: CorpusFile[], reps: number): ThroughputRow[] {
  const texts = files.map((f) => f.text);
  const samples = timeInterleaved(
    CONTENDERS.map((c) => () => c.lintAll(texts)),
    reps,
  );
  return CONTENDERS.map((c, i) => ({
    name: c.name,
    sample: samples[i],
    filesPerSecond: (texts.length / samples[i].median) * 1000,
  }));
}

/** A Dockerfile of about `lines` lines made of corpus lines: whole instructions, in corpus order, repeated. */
export function syntheticDockerfile(files: CorpusFile[], lines: number): string {
  const instructions: string[] = [];
  for (const f of files) {
    let current: string[] = [];
    for (const line of f.text.split('\n')) {
      if (/^\s*FROM\b/i.test(line) || /^\s*#\s*(escape|syntax)\s*=/i.test(line)) continue; // one FROM, at the top
      current.push(line);
      if (!/\\\s*$/.test(line)) {
        instructions.push(current.join('\n'));
        current = [];
      }
    }
  }
  const out = ['FROM debian:bookworm'];
  let count = 1;
  for (let i = 0; count < lines; i = (i + 1) % instructions.length) {
    out.push(instructions[i]);
    count += instructions[i].split('\n').length;
  }
  return out.join('\n') + '\n';
}

/**
 * A service unit of about `lines` lines made of corpus services' [Service] entries (whole logical
 * lines, comments kept), repeated in corpus order, between one [Unit] and one [Install] section.
 * The middle of [Service] holds one plain `ExecStartPre=` line, the one the latency bench edits.
 */
export function syntheticUnitFile(files: CorpusFile[], lines: number): string {
  const entries: string[] = [];
  for (const f of files) {
    let section = '';
    let current: string[] = [];
    for (const line of f.text.split('\n')) {
      const header = /^\s*\[([^\]]+)\]/.exec(line);
      if (header && current.length === 0) {
        section = header[1];
        continue;
      }
      if (section !== 'Service' || (current.length === 0 && line.trim() === '')) continue;
      current.push(line);
      if (!/\\\s*$/.test(line)) {
        entries.push(current.join('\n'));
        current = [];
      }
    }
  }
  if (entries.length === 0) throw new Error('no [Service] entries in the corpus units');
  const head = [
    '[Unit]',
    'Description=benchmark service',
    'After=docker.service',
    'Requires=docker.service',
    '',
    '[Service]',
  ];
  const tail = ['', '[Install]', 'WantedBy=multi-user.target'];
  const body: string[] = [];
  const bodyLines = lines - head.length - tail.length - 1;
  for (let i = 0; body.length < bodyLines; i = (i + 1) % entries.length) {
    if (body.length >= bodyLines / 2 && !body.includes('ExecStartPre=-/usr/bin/docker rm -f bench'))
      body.push('ExecStartPre=-/usr/bin/docker rm -f bench');
    else body.push(...entries[i].split('\n'));
  }
  return [...head, ...body, ...tail].join('\n') + '\n';
}

export interface SizeRow {
  lines: number;
  ours: Sample;
  oursWarm: Sample;
  peer: Sample;
}

/**
 * Each size: our full lint (RUN cache cleared, and warm) and dockerfile-utils, all interleaved so growth compares like
 * with like.
 */
export function bigFileTimes(files: CorpusFile[], sizes: number[], reps: number): SizeRow[] {
  const texts = sizes.map((lines) => syntheticDockerfile(files, lines));
  const fns = texts.flatMap((text) => [
    () => {
      clearRunCache();
      lintDockerfile(text);
    },
    () => lintDockerfile(text),
    () => validate(text),
  ]);
  // Fixed order: each "warm" run follows the cleared-cache run of the same text.
  const samples = timeInterleaved(fns, reps, { rotate: false });
  return texts.map((text, i) => ({
    lines: text.split('\n').length - 1,
    ours: samples[3 * i],
    oursWarm: samples[3 * i + 1],
    peer: samples[3 * i + 2],
  }));
}
