/** The corpus files a benchmark reads in place (../shared/corpus, never copied). */
import * as fs from 'fs';
import * as path from 'path';

export interface CorpusFile {
  id: string;
  kind: string;
  text: string;
}

/** ../shared/corpus beside the project (as CI has it), or SCT_CORPUS_DIR (a worktree elsewhere). */
export function corpusDir(root: string): string {
  const beside = path.resolve(root, '..', 'shared', 'corpus');
  const fromEnv = process.env.SCT_CORPUS_DIR;
  return fromEnv && !fs.existsSync(path.join(beside, 'manifest.json')) ? path.resolve(fromEnv) : beside;
}

export function loadCorpusFiles(root: string, kind: string): CorpusFile[] {
  const dir = corpusDir(root);
  const records = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    id: string;
    kind: string;
    file: string;
  }[];
  return records
    .filter((r) => r.kind === kind)
    .map((r) => ({ id: r.id, kind: r.kind, text: fs.readFileSync(path.join(dir, r.file), 'utf8') }));
}
