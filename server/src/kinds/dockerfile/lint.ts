/** The Dockerfile kind's linter: BuildKit's syntax checks, then the rules on every image the file makes. */
import type { Finding } from '../../core/types';
import { readSuppressions } from '../../core/suppression';
import { byPosition, runRules, type RawReport } from '../../core/runRules';
import { unlintableReason, type LintOptions } from '../../core/lintOptions';
import { instructionStartLine, parseDockerfile, parseDockerfileImages, stageLabel, type ImageModel } from './model';
import { computeFacts } from './facts';
import { DockerfileContext } from './ruleContext';
import { dockerfileRules } from './ruleList';
import { dockerfileSyntaxRules } from './rules/buildkitSyntax';

/**
 * Lint a Dockerfile: every image it makes (each stage no other stage builds on, with its
 * ancestry), or only `options.target`. In a file of several stages each finding names the
 * stage(s) it was found in; one found through two stages that share a parent is reported once.
 */
export function lintDockerfile(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const models = options.target ? [parseDockerfile(text, options.target)] : parseDockerfileImages(text);
  const first = models[0];
  const suppressions = readSuppressions(first.lines);
  // A pragma sits above the instruction, also for a finding on one of its continuation lines.
  const pragmaLines = (model: ImageModel) => (r: RawReport) => [instructionStartLine(model, r.range.start.line)];
  const syntax = runRules(
    dockerfileSyntaxRules,
    { document: first.document },
    first.lines,
    suppressions,
    options,
    pragmaLines(first),
  );
  if (first.chain.length === 0) return syntax;
  const lintImage = (model: ImageModel) =>
    runRules(
      dockerfileRules,
      new DockerfileContext(model, computeFacts(model)),
      model.lines,
      suppressions,
      options,
      pragmaLines(model),
    );
  const findings = first.stages.length === 1 ? lintImage(first) : lintStages(models, lintImage);
  return syntax.length ? [...syntax, ...findings].sort(byPosition) : findings;
}

/** Each image a multi-stage file makes, judged apart; a finding several of them share is reported once, naming them. */
function lintStages(models: ImageModel[], lintImage: (model: ImageModel) => Finding[]): Finding[] {
  const found = new Map<string, { finding: Finding; stages: string[] }>();
  for (const model of models) {
    for (const finding of lintImage(model)) {
      const { start, end } = finding.range;
      const key = `${finding.ruleId} ${start.line}:${start.character}-${end.line}:${end.character} ${finding.message}`;
      const seen = found.get(key);
      if (seen) seen.stages.push(stageLabel(model.target));
      else found.set(key, { finding, stages: [stageLabel(model.target)] });
    }
  }
  const named = [...found.values()].map(({ finding, stages }) => ({ ...finding, ...withStages(finding, stages) }));
  return named.sort(byPosition);
}

/** Stages named in a one-line message; past this many the rest is counted there and listed in the detail. */
const STAGES_IN_MESSAGE = 3;

function withStages(finding: Finding, stages: string[]): Pick<Finding, 'message' | 'detail'> {
  if (stages.length <= STAGES_IN_MESSAGE)
    return { message: `${finding.message} (stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')})` };
  const shown = stages.slice(0, STAGES_IN_MESSAGE - 1).join(', ');
  const all = `Found in the stages ${stages.join(', ')}.`;
  return {
    message: `${finding.message} (stages ${shown} and ${stages.length - STAGES_IN_MESSAGE + 1} more)`,
    detail: finding.detail ? `${finding.detail}\n\n${all}` : all,
  };
}
