/** Output formats of the CLI: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
import type { Log, ReportingDescriptor } from 'sarif';
import type { Finding, Range, RuleMeta, Severity } from '../core/types';
import { allRuleMetas, ruleDocsUrl } from '../rules';

export interface FileResult {
  file: string;
  findings: Finding[];
}

const oneBased = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });

export function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  let count = 0;
  for (const { file, findings } of results) {
    for (const f of findings) {
      const p = oneBased(f.range);
      lines.push(`${file}:${p.line}:${p.column}: ${f.severity} ${f.ruleId} (${f.ruleName}): ${f.message}${f.fixes.length ? ' [fix available]' : ''}`);
      count++;
    }
  }
  lines.push(count === 0 ? `${results.length} file(s) checked, no problems.` : `${results.length} file(s) checked, ${count} problem(s).`);
  return lines.join('\n');
}

export function formatJson(results: FileResult[]): string {
  const out = results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      ...oneBased(f.range),
      severity: f.severity,
      code: f.ruleId,
      rule: f.ruleName,
      message: f.message,
      fixes: f.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })) })),
    })),
  );
  return JSON.stringify(out, null, 2);
}

const sarifLevel = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

function sarifRule(meta: RuleMeta): ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.explanation },
    helpUri: ruleDocsUrl(meta),
    help: { text: `${meta.explanation}${meta.recipe ? `\n\nExpected: ${meta.recipe}` : ''}`, markdown: `${meta.explanation}${meta.recipe ? `\n\nExpected: \`${meta.recipe}\`` : ''}` },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: { tags: ['systemd', 'containers', meta.kind] },
  };
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: relative URIs against %SRCROOT%. */
export function formatSarif(results: FileResult[], version: string, toUri: (file: string) => string): string {
  const rules = allRuleMetas;
  // Typed against the SARIF 2.1.0 object model (@types/sarif) so the compiler checks the shape.
  const sarif: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'systemd-container-lint', informationUri: 'https://github.com/systemd-container-tools/systemd-container-tools', semanticVersion: version, version, rules: rules.map(sarifRule) } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ file, findings }) =>
          findings.map((f) => {
            const p = oneBased(f.range);
            return {
              ruleId: f.ruleId,
              ruleIndex: rules.findIndex((r) => r.id === f.ruleId),
              level: sarifLevel(f.severity),
              message: { text: f.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' }, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } }],
              ...(f.fixes.length
                ? {
                    fixes: f.fixes.map((fix) => ({
                      description: { text: fix.title },
                      artifactChanges: [
                        {
                          artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' },
                          replacements: fix.edits.map((e) => {
                            const r = oneBased(e.range);
                            return { deletedRegion: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn }, insertedContent: { text: e.newText } };
                          }),
                        },
                      ],
                    })),
                  }
                : {}),
            };
          }),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
