/** Output formats of the CLI: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
import type { Log, ReportingDescriptor } from 'sarif';
import type { Finding, Range, RuleMeta, Severity } from '../core/types';
import { allRuleMetas, ruleDocsUrl } from '../kinds/ruleCatalog';

export interface FileResult {
  file: string;
  findings: Finding[];
}

const oneBased = (r: Range) => ({
  line: r.start.line + 1,
  column: r.start.character + 1,
  endLine: r.end.line + 1,
  endColumn: r.end.character + 1,
});

/** SGR colours of each severity on a terminal. */
const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '2' };

export function formatText(results: FileResult[], color = false): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  let count = 0;
  for (const { file, findings } of results) {
    for (const f of findings) {
      const p = oneBased(f.range);
      const where = paint('1', `${file}:${p.line}:${p.column}:`);
      const what = `${paint(SEVERITY_COLOR[f.severity], f.severity)} ${f.ruleId} (${f.ruleName})`;
      lines.push(`${where} ${what}: ${f.message}${f.fixes.length ? ' [fix available]' : ''}`);
      count++;
    }
  }
  lines.push(
    count === 0
      ? `${results.length} file(s) checked, no problems.`
      : `${results.length} file(s) checked, ${count} problem(s).`,
  );
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
      ...(f.detail ? { detail: f.detail } : {}),
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })),
      })),
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
    help: {
      text: `${meta.explanation}${meta.recipe ? `\n\nExpected: ${meta.recipe}` : ''}`,
      markdown: `${meta.explanation}${meta.recipe ? `\n\nExpected: \`${meta.recipe}\`` : ''}`,
    },
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
        tool: {
          driver: {
            name: 'systemd-container-lint',
            informationUri: 'https://github.com/systemd-container-tools/systemd-container-tools',
            semanticVersion: version,
            version,
            rules: rules.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ file, findings }) =>
          findings.map((f) => {
            const p = oneBased(f.range);
            return {
              ruleId: f.ruleId,
              ruleIndex: rules.findIndex((r) => r.id === f.ruleId),
              level: sarifLevel(f.severity),
              // SARIF's message: the first sentence is the summary GitHub lists; the rest is shown on the alert.
              message: { text: f.detail ? `${f.message}\n\n${f.detail}` : f.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' },
                    region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                  },
                },
              ],
              ...(f.fixes.length
                ? {
                    fixes: f.fixes.map((fix) => ({
                      description: { text: fix.title },
                      artifactChanges: [
                        {
                          artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' },
                          replacements: fix.edits.map((e) => {
                            const r = oneBased(e.range);
                            return {
                              deletedRegion: {
                                startLine: r.line,
                                startColumn: r.column,
                                endLine: r.endLine,
                                endColumn: r.endColumn,
                              },
                              insertedContent: { text: e.newText },
                            };
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

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
 * diff. Properties and message are escaped as the runner's toolkit escapes them.
 */
export function formatGithub(results: FileResult[]): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const command = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice');
  const lines: string[] = [];
  for (const { file, findings } of results) {
    for (const f of findings) {
      const p = oneBased(f.range);
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${p.line}`,
        `col=${p.column}`,
        `endLine=${p.endLine}`,
        `endColumn=${p.endColumn}`,
        `title=${escapeProperty(`${f.ruleId} ${f.ruleName}`)}`,
      ];
      lines.push(`::${command(f.severity)} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.join('\n');
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Checkstyle XML, which Jenkins' warnings plugin, reviewdog and many CI dashboards read. */
export function formatCheckstyle(results: FileResult[], version: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<checkstyle version="${xmlEscape(version)}">`];
  for (const { file, findings } of results) {
    out.push(`  <file name="${xmlEscape(file)}">`);
    for (const f of findings) {
      const p = oneBased(f.range);
      const severity = f.severity === 'hint' ? 'info' : f.severity;
      const message = xmlEscape(`${f.message} (${f.ruleName})`);
      out.push(
        `    <error line="${p.line}" column="${p.column}" severity="${severity}" message="${message}"` +
          ` source="systemd-container-lint.${xmlEscape(f.ruleId)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n');
}

/**
 * JUnit XML (GitLab's test report, Jenkins): one test case per file, failing with its error- and warning-level
 * findings.
 */
export function formatJunit(results: FileResult[]): string {
  const failing = (r: FileResult) => r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  const failures = results.filter((r) => failing(r).length > 0).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="systemd-container-lint" tests="${results.length}" failures="${failures}">`,
    `  <testsuite name="systemd-container-lint" tests="${results.length}" failures="${failures}" errors="0">`,
  ];
  for (const r of results) {
    const found = failing(r);
    const name = xmlEscape(r.file);
    if (found.length === 0) {
      out.push(`    <testcase classname="systemd-container-lint" name="${name}"/>`);
      continue;
    }
    const summary = xmlEscape(`${found.length} problem(s)`);
    const body = found
      .map((f) => {
        const p = oneBased(f.range);
        return xmlEscape(`${r.file}:${p.line}:${p.column}: ${f.severity} ${f.ruleId} (${f.ruleName}): ${f.message}`);
      })
      .join('\n');
    out.push(`    <testcase classname="systemd-container-lint" name="${name}">`);
    out.push(`      <failure message="${summary}" type="lint">${body}</failure>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n');
}

/** `--rules`: every rule with its id, kind, default severity and one line. */
export function formatRuleList(): string {
  const width = Math.max(...allRuleMetas.map((m) => m.name.length));
  return allRuleMetas
    .map((m) => `${m.id}  ${m.name.padEnd(width)}  ${m.kind.padEnd(12)} ${m.defaultSeverity.padEnd(7)}  ${m.summary}`)
    .join('\n');
}
