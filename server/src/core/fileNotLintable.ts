/**
 * SCT001 file-not-lintable: the CLI's report of a file it was asked about (named, or found in a
 * folder by a name of a known kind) but could not judge. It is a finding like any other so that
 * JSON and SARIF consumers see it beside the other files' findings, and the batch goes on.
 */
import type { Finding, RuleMeta, Severity } from './types';

export const fileNotLintableMeta: RuleMeta = {
  id: 'SCT001',
  name: 'file-not-lintable',
  kind: 'any',
  defaultSeverity: 'error',
  summary: 'A file could not be linted (missing, unreadable, binary, too large or not UTF-8)',
  explanation:
    'The file was named on the command line, or found in a folder under a name of a kind this linter knows ' +
    '(`Dockerfile.5.gz`), but it could not be read as text: it is missing or was removed while linting, it ' +
    'cannot be read, it holds NUL bytes (a binary or compressed file), it is larger than 20 MiB, or it is not ' +
    'UTF-8. The other files are judged as usual. A file named on the command line gets an error (the exit ' +
    'status is 2, as for an I/O error); one found in a folder gets a warning, since a folder may well hold ' +
    'such files.',
  sources: ['issue 18 item 5', 'issue 22 item 2'],
};

/** The finding for a file that could not be read as text: at its start, no fix. */
export function fileNotLintable(reason: string, severity: Severity): Finding {
  const at = { line: 0, character: 0 };
  return {
    ruleId: fileNotLintableMeta.id,
    ruleName: fileNotLintableMeta.name,
    severity,
    message: `Not linted: ${reason}.`,
    range: { start: at, end: at },
    fixes: [],
    pragmaLine: 0,
  };
}
