import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['missing-stop-signal'];

export const devcontainerMissingStopSignal: DevcontainerRule = {
  meta: {
    id: 'SCT257',
    name: 'devcontainer-missing-stop-signal',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} A devcontainer built from a Dockerfile is judged from that Dockerfile.`,
    sources: text.sources,
    recipe: '"runArgs": ["--stop-signal=SIGRTMIN+3"]',
  },
  check(ctx) {
    return ctx.each('missing-stop-signal', (report) => {
      const current = ctx.file.spec.stopSignal;
      if (current && report.range) {
        const edits = ctx.rewriteValue(current.range, (v) => (v.includes('=') ? `${v.slice(0, v.indexOf('=') + 1)}SIGRTMIN+3` : 'SIGRTMIN+3'));
        return [fix('Use --stop-signal=SIGRTMIN+3', edits, true)];
      }
      return [fix('Add --stop-signal=SIGRTMIN+3 to runArgs', ctx.runArgsEdits(['--stop-signal=SIGRTMIN+3']), true)];
    });
  },
};
