/**
 * SCT100 dockerfile-syntax-error and SCT190 dockerfile-instruction-error: what BuildKit refuses
 * before it builds (dockerfile/buildkitErrors.ts), as errors on the range they concern. They run
 * on every Dockerfile, also one with no build stage, so they take only the parsed document.
 */
import type { RuleMeta } from '../../../core/types';
import type { RawReport } from '../../../core/runRules';
import type { DockerfileDocument } from '../../../../../shared/dockerfileParser';
import { buildkitErrors, type BuildkitError } from '../../dockerfile/buildkitErrors';

export interface SyntaxContext {
  document: DockerfileDocument;
}

export interface SyntaxRule {
  meta: RuleMeta;
  check(ctx: SyntaxContext): RawReport[];
}

/** One computation for both rules. */
const cache = new WeakMap<DockerfileDocument, BuildkitError[]>();
function errorsOf(document: DockerfileDocument): BuildkitError[] {
  let errors = cache.get(document);
  if (!errors) cache.set(document, (errors = buildkitErrors(document)));
  return errors;
}

function reports(ctx: SyntaxContext, level: BuildkitError['level']): RawReport[] {
  return errorsOf(ctx.document)
    .filter((e) => e.level === level)
    .map((e) => ({ range: ctx.document.range(e.start, e.end), message: `BuildKit refuses this: ${e.message}.` }));
}

export const dockerfileSyntaxError: SyntaxRule = {
  meta: {
    id: 'SCT100',
    name: 'dockerfile-syntax-error',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: "BuildKit's Dockerfile parser refuses the file",
    explanation:
      'BuildKit (`docker build`, `podman build` reads the same syntax) stops before the first step when its parser ' +
      'meets one of these: a parser directive given twice or an escape directive other than `` ` `` or `\\`; a ' +
      'line longer than 65,535 bytes; `ENV`/`LABEL` with a name and no value (`ENV PATH`) or a `key=value` list ' +
      'with a word that has no `=` (`ENV A=1 B`); an exec-form JSON array with something other than strings ' +
      '(`CMD ["a", 1]`, nested arrays); a heredoc (`RUN <<EOF`) with no line that ends it; a file with no ' +
      'instruction at all. The finding is on the instruction (or the word) BuildKit names.',
    sources: [
      'moby/buildkit frontend/dockerfile/parser (parser.go, line_parsers.go, directives.go)',
      '../shared/external/buildkit-parser/testfiles and testfiles-negative',
    ],
  },
  check: (ctx) => reports(ctx, 'parse'),
};

export const dockerfileInstructionError: SyntaxRule = {
  meta: {
    id: 'SCT190',
    name: 'dockerfile-instruction-error',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'BuildKit refuses an instruction (unknown instruction or flag, bad --mount, wrong arguments)',
    explanation:
      'After parsing, BuildKit checks each instruction and stops the build at the first it refuses: an ' +
      'unknown instruction (`RUNN`), an instruction other than ARG before the first FROM, an unknown ' +
      'builder flag (`COPY --user=me`), a flag without its value, a boolean flag with another value, a flag ' +
      'given twice, a `RUN --mount` with an unknown key, a field that is not `key=value`, an unknown type ' +
      'or sharing mode, a value that does not parse (`mode=0999`, `uid=x`, `readonly=maybe`, a tmpfs ' +
      '`size`) or a key its type does not take (`mode` on a bind mount, `from` or no id/source/target on a ' +
      'secret), an unknown `--network`/`--security` mode, HEALTHCHECK durations that are not Go durations ' +
      'or are under 1ms (0 is the default), negative retries, `FROM` with other than one or three arguments ' +
      'or an invalid stage name, `COPY`/`ADD` without a destination, `SHELL` not in JSON form, `ONBUILD ' +
      'ONBUILD`/`FROM`/`MAINTAINER`, and instructions without their required arguments.',
    sources: [
      'moby/buildkit frontend/dockerfile/instructions (parse.go, bflag.go, commands_runmount.go)',
      "dockerd 20.10's builder, judged case by case (test/engine/buildkitParser.test.ts)",
    ],
  },
  check: (ctx) => reports(ctx, 'instruction'),
};

export const dockerfileSyntaxRules: SyntaxRule[] = [dockerfileSyntaxError, dockerfileInstructionError];
