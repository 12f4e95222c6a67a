/**
 * Mutation fuzzing through the two entry points users meet: the CLI's main() (a file on disk,
 * named like its kind, so name and content detection, reading, linting and JSON output all run)
 * and the language service (lintDocument, diagnostics, code actions, hover). Seeded mutations of
 * real files (test/fuzz/targets.ts): 0 exceptions, valid JSON, every range inside the document.
 * SCT_FUZZ_ENTRY_INPUTS (default 20,000) and SCT_FUZZ_SEED (default random) control a run.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'perf_hooks';
import { initLinter } from '../../server/src/lint';
import { main } from '../../server/src/cliEntry';
import { codeActions, hover, lintDocument, toDiagnostic } from '../../server/src/service';
import type { Finding } from '../../server/src/core/types';
import { mutate, prng } from '../fuzz/mutate';
import { fuzzTargets } from '../fuzz/targets';
import { checkRanges, inside, lineLengths } from '../fuzz/check';

const INPUTS = Number(process.env.SCT_FUZZ_ENTRY_INPUTS ?? 20_000);
const SEED = Number(process.env.SCT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Where each kind's input is written for the CLI, and the language id an editor gives it. */
const AS: Record<string, { file: string; languageId: string }> = {
  dockerfile: { file: 'Dockerfile', languageId: 'dockerfile' },
  compose: { file: 'stack.yml', languageId: 'yaml' },
  devcontainer: { file: '.devcontainer/devcontainer.json', languageId: 'jsonc' },
  unit: { file: 'web.service', languageId: 'systemd-unit' },
  quadlet: { file: 'containers/systemd/web.container', languageId: 'systemd-unit' },
  nspawn: { file: 'web.nspawn', languageId: 'systemd-unit' },
  molecule: { file: 'roles/web/molecule/default/molecule.yml', languageId: 'yaml' },
};

interface JsonEntry {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-fuzz-entries-'));
before(() => initLinter());
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the file holds once written and read back as UTF-8 (lone surrogates become U+FFFD). */
const onDisk = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

function checkCli(code: number, out: string, err: string, text: string): string | undefined {
  if (![0, 1, 2].includes(code)) return `exit ${code}`;
  if (/internal error|\n\s+at /.test(err)) return `internal error: ${err.slice(0, 500)}`;
  let entries: JsonEntry[];
  try {
    entries = JSON.parse(out) as JsonEntry[];
  } catch {
    return `not JSON: ${out.slice(0, 200)}`;
  }
  if (!Array.isArray(entries)) return 'JSON is not an array';
  if (code === 2 && !entries.some((e) => e.code === 'SCT001')) return 'exit 2 without a file-not-lintable entry';
  const lengths = lineLengths(text);
  for (const e of entries) {
    const range = {
      start: { line: e.line - 1, character: e.column - 1 },
      end: { line: e.endLine - 1, character: e.endColumn - 1 },
    };
    if (!inside(range, lengths)) return `${e.code} at ${JSON.stringify(range)} outside the document`;
  }
  return undefined;
}

function checkService(languageId: string, text: string, file: string): string | undefined {
  const findings: Finding[] = lintDocument(
    languageId,
    text,
    undefined,
    (rule, e) => {
      throw new Error(`rule ${rule} threw: ${(e as Error).stack}`);
    },
    { path: file, readFile: () => undefined, listDir: () => undefined },
  );
  const problem = checkRanges(findings, text);
  if (problem) return problem;
  const uri = `file://${file}`;
  const diagnostics = findings.map((f) => toDiagnostic(uri, f));
  const lengths = lineLengths(text);
  const all = {
    start: { line: 0, character: 0 },
    end: { line: lengths.length - 1, character: lengths[lengths.length - 1] },
  };
  for (const action of codeActions(uri, text, all, diagnostics, undefined, findings)) {
    for (const edit of action.edit?.changes?.[uri] ?? [])
      if (!inside(edit.range, lengths)) return `code action "${action.title}" edit outside the document`;
  }
  if (findings.length) hover(findings, findings[0].range.start);
  return undefined;
}

describe(`fuzz through main() and the language service (seed ${SEED}, ${INPUTS} inputs)`, () => {
  console.log(`# fuzz entries seed ${SEED} (reproduce: SCT_FUZZ_SEED=${SEED} SCT_FUZZ_ENTRY_INPUTS=${INPUTS})`);
  const targets = fuzzTargets();
  for (const target of targets) {
    it(
      `${target.name}: the CLI exits 0/1/2 with valid JSON and no ` + `exception; the service's ranges stay inside`,
      async () => {
        const as = AS[target.name];
        assert.ok(as, `no file name for ${target.name}`);
        const file = path.join(dir, target.name, as.file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const r = prng(SEED ^ (target.name.length * 7919));
        const perTarget = Math.ceil(INPUTS / targets.length);
        const t0 = performance.now();
        for (let i = 0; i < perTarget; i++) {
          const input = mutate(target.seeds[i % target.seeds.length], r);
          fs.writeFileSync(file, input);
          let out = '';
          let err = '';
          let code: number;
          try {
            code = await main(
              ['--format', 'json', file],
              (s) => (out += s),
              (s) => (err += s + '\n'),
            );
          } catch (e) {
            assert.fail(
              `input #${i} (seed ${SEED}): main() threw: ${(e as Error).stack}\n${JSON.stringify(input.slice(0, 500))}`,
            );
          }
          const cli = checkCli(code, out, err, onDisk(input));
          assert.equal(
            cli,
            undefined,
            `input #${i} (seed ${SEED}), CLI: ${cli}\n${JSON.stringify(input.slice(0, 500))}`,
          );
          let service: string | undefined;
          try {
            service = checkService(as.languageId, input, file);
          } catch (e) {
            service = `threw: ${(e as Error).stack}`;
          }
          assert.equal(
            service,
            undefined,
            `input #${i} (seed ${SEED}), language service: ${service}\n${JSON.stringify(input.slice(0, 500))}`,
          );
        }
        console.log(
          `#   ${target.name}: ${perTarget} inputs through main() and the service ` +
            `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      },
    );
  }
});
