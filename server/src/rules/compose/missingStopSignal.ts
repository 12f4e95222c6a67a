import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['missing-stop-signal'];

export const composeMissingStopSignal: ComposeRule = {
  meta: {
    id: 'SCT207',
    name: 'compose-missing-stop-signal',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} A service built from a Dockerfile in the workspace is judged from that Dockerfile ` + '(its STOPSIGNAL and its base image).',
    sources: text.sources,
    recipe: 'stop_signal: SIGRTMIN+3',
  },
  check(ctx) {
    return ctx.each('missing-stop-signal', (svc) => [fix('Set stop_signal: SIGRTMIN+3', ctx.stopSignalEdits(svc), true)]);
  },
};
