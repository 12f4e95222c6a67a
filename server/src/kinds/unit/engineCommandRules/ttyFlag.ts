import { option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitTtyFlag: UnitRule = {
  meta: {
    id: 'SCT309',
    name: 'unit-tty-flag',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'docker/podman run -t in a unit (no terminal under systemd)',
    explanation:
      'A service has no terminal: its standard input is /dev/null and its output goes to the journal. `-t` ' +
      'makes the engine give the container a pseudo-terminal anyway, so the journal receives terminal output ' +
      '(carriage returns, colour and cursor sequences) and line-oriented logging breaks; together with `-i` ' +
      'the Docker client refuses to start at all ("the input device is not a TTY"). Drop `-t` (and `-i`) in ' +
      'units.',
    sources: [
      'systemd.exec(5): StandardInput= (default null), StandardOutput= (default journal)',
      'docker-run(1) -t, -i',
      'dockerd check (Docker CLI 28.2.2, dockerd 20.10): `docker run -it … </dev/null` exits 1 with "the input ' +
        'device is not a TTY"; `docker run -t` output ends lines with CR LF',
      'corpus README: unit_tty_flag',
    ],
    recipe: 'docker run without -t',
  },
  check(ctx) {
    const out = [];
    for (const run of ctx.runs) {
      const t = option(run.invocation.parsed, 'tty');
      if (!t || /^(false|0)$/i.test(t.value)) continue;
      out.push({
        range: t.arg.range,
        message:
          `${run.invocation.tool} ${run.invocation.verb} allocates a TTY (${t.arg.value}) although a unit has no ` +
          'terminal: the journal gets terminal control ' +
          'output' +
          (option(run.invocation.parsed, 'interactive')
            ? ', and with -i the Docker client fails ("the input device is not a TTY")'
            : '') +
          '.',
        fixes: [fix('Remove -t', [ctx.removeOption(t)], true)],
        pragmaLines: [run.command.entry.firstLine],
      });
    }
    return out;
  },
};
