/**
 * SCT100 dockerfile-syntax-error and SCT190 dockerfile-instruction-error against a real Dockerfile
 * parser: the test dockerd's builder (20.10, whose frontend is BuildKit's parser and instruction
 * parser of that release). It parses and checks every instruction before it looks for the build
 * target, so a build with a target no file has gives the parser's verdict and message and pulls,
 * runs and creates nothing. Compared: the written cases (buildkitParserCases.ts), BuildKit's own
 * parser test files, and the real Dockerfiles of the held-out set and the corpus.
 *
 * 20.10's frontend is older than the BuildKit our rules follow: syntax that came later (heredocs,
 * COPY --link, RUN --network …) is refused by it and accepted by us, and a few things BuildKit refuses
 * now it let through; each such case says so, and the test checks that it still is (so the list stays true).
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineSuite, testLabels } from './helpers';
import { packContext } from '../../shared/engine/build';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { parseDockerfileText } from '../../shared/dockerfileParser';
import { PARSER_CASES, type ParserCase } from './buildkitParserCases';

const engine = engineSuite();
before(() => initLinter());

/** A stage name no file has: the builder stops right after parsing. */
const NO_TARGET = 'sct-parser-differential-no-such-stage';
const ACCEPTED = /failed to reach build target/;

interface Verdict {
  refused: boolean;
  message: string;
}

async function builderVerdict(text: string): Promise<Verdict> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-parser-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
    const docker = engine.get().docker;
    let message: string;
    try {
      const stream = await docker.buildImage(packContext(dir, 'Dockerfile') as unknown as NodeJS.ReadableStream, {
        dockerfile: 'Dockerfile',
        target: NO_TARGET,
        rm: true,
        forcerm: true,
        labels: testLabels,
      });
      type Event = { error?: string; errorDetail?: { message?: string } };
      const events = await new Promise<Event[]>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null, out: Event[]) => (err ? reject(err) : resolve(out))),
      );
      const failed = events.find((e) => e.error || e.errorDetail);
      message = failed ? (failed.errorDetail?.message ?? failed.error ?? '') : 'built an image';
    } catch (e) {
      // The daemon answers a parse error with HTTP 400 before streaming (dockerode: "(HTTP code 400) … - <message>").
      message = (e as Error).message.replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
    }
    // Parser messages come as "dockerfile parse error line N: …" or "failed to parse Dockerfile: …".
    const bare = message.replace(/^(dockerfile parse error line \d+: |failed to parse Dockerfile: )/, '');
    return { refused: !ACCEPTED.test(message), message: bare };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Our errors, with the text BuildKit's message would have. */
function ours(text: string): string[] {
  return lintDockerfile(text)
    .filter((f) => f.ruleId === 'SCT100' || f.ruleId === 'SCT190')
    .map((f) => f.message.replace(/^BuildKit refuses this: /, '').replace(/\.$/, ''))
    .map((m) => m.replace(/ \(did you mean [^)]*\)$/, ''));
}

/** Same words, but for the first letter (20.10 wrote "Unknown flag", BuildKit now "unknown flag"). */
const lowerFirst = (s: string) => s.slice(0, 1).toLowerCase() + s.slice(1);
const sameWords = (a: string, b: string) => lowerFirst(a) === lowerFirst(b);

async function compare(c: ParserCase): Promise<string | undefined> {
  const verdict = await builderVerdict(c.text);
  const found = ours(c.text);
  if (c.newer) {
    if (!verdict.refused) return `${c.name}: 20.10 accepts it now, so it is not newer syntax (${c.newer})`;
    if (found.length) return `${c.name}: newer syntax BuildKit accepts (${c.newer}), but we refuse it: ${found[0]}`;
    return undefined;
  }
  if (c.stricter) {
    if (verdict.refused) return `${c.name}: 20.10 refuses it too, so BuildKit is not stricter here (${c.stricter})`;
    if (!found.length) return `${c.name}: BuildKit refuses it now (${c.stricter}), we accept it`;
    return undefined;
  }
  if (verdict.refused !== found.length > 0) {
    const theirs = verdict.refused ? `refuses it: ${verdict.message}` : 'accepts it';
    return `${c.name}: the builder ${theirs}; we ${found.length ? `refuse it: ${found[0]}` : 'accept it'}`;
  }
  if (verdict.refused && !c.wording && !sameWords(verdict.message, found[0]))
    return `${c.name}: both refuse, in other words: builder "${verdict.message}", ours "${found[0]}"`;
  return undefined;
}

/** The problems of all cases, a few builds at a time (each waits ~0.3 s on the daemon, not on this process). */
async function problemsOf(cases: ParserCase[]): Promise<string[]> {
  const results: (string | undefined)[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await compare(cases[i]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return results.filter((p): p is string => p !== undefined);
}

/** ../shared beside the repository (from out/test/engine, or the working folder). */
function sharedDir(sub: string, marker: string): string | undefined {
  const candidates = [
    path.resolve(__dirname, '../../../../shared', sub),
    path.resolve(process.cwd(), '../shared', sub),
    path.join('/work/shared', sub),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, marker)));
}

/** Real files: heredocs came after 20.10's frontend, so a file with one is newer syntax. */
function realCase(name: string, file: string): ParserCase {
  const text = fs.readFileSync(file, 'utf8');
  const heredoc = parseDockerfileText(text).instructions.some((i) => i.heredocs.length > 0);
  if (heredoc) return { name, text, newer: 'a heredoc (frontend 1.4)' };
  if (text === '') return { name, text, wording: 'dockerd checks an empty Dockerfile itself before its parser' };
  return { name, text };
}

describe('dockerfile-syntax-error and dockerfile-instruction-error against dockerd 20.10', () => {
  it('the test engine is dockerd 20.10 (the parser the newer-syntax cases are written against)', async () => {
    const version = await engine.get().docker.version();
    assert.match(version.Version, /^20\.10\./, `dockerd ${version.Version}: the newer-syntax cases name 20.10`);
  });

  it('dockerfile-instruction-error: every written case as the builder judges it (or a version said so)', async () => {
    const problems = await problemsOf(PARSER_CASES);
    assert.ok(PARSER_CASES.length >= 150, `${PARSER_CASES.length} cases`);
    assert.deepEqual(problems, []);
  });

  it("dockerfile-syntax-error: BuildKit's parser test files, positive and negative, by the builder", async () => {
    const dir = sharedDir('external/buildkit-parser', 'testfiles-negative');
    assert.ok(dir, 'BuildKit parser test files not found: expected ../shared/external/buildkit-parser');
    const files = ['testfiles', 'testfiles-negative'].flatMap((kind) =>
      fs
        .readdirSync(path.join(dir, kind))
        .filter((d) => fs.existsSync(path.join(dir, kind, d, 'Dockerfile')))
        .map((d) => realCase(`${kind}/${d}`, path.join(dir, kind, d, 'Dockerfile'))),
    );
    const problems = await problemsOf(files);
    assert.ok(files.length >= 35, `${files.length} files`);
    assert.deepEqual(problems, []);
  });

  it('dockerfile-syntax-error: the real Dockerfiles of the held-out set and the corpus: the builder', async () => {
    const heldout = path.resolve(__dirname, '../../../test/heldout/files');
    const corpus = sharedDir('corpus', 'manifest.json');
    const files = [heldout, ...(corpus ? [path.join(corpus, 'files')] : [])].flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => /\.(Dockerfile|Containerfile)$/.test(f))
        .map((f) => realCase(`${path.basename(path.dirname(dir))}/${f}`, path.join(dir, f))),
    );
    const problems = await problemsOf(files);
    assert.ok(files.length >= 45, `${files.length} files`);
    assert.deepEqual(problems, []);
  });
});
