import type { UnitFileRule } from '../../unit/ruleContext';
import { parseBoolean, splitQuoted } from '../../unit/unitFile';

/** Words that are arguments for an init, not a program to run: `systemd.unit=…`, `--log-level=…`, `emergency`. */
export function looksLikeInitArguments(first: string): boolean {
  return (
    first.startsWith('-') ||
    first.includes('=') ||
    /^systemd\./.test(first) ||
    /^(emergency|rescue|single|s|S|[1-5])$/.test(first)
  );
}

export const nspawnParametersWithoutBoot: UnitFileRule = {
  meta: {
    id: 'SCT603',
    name: 'nspawn-parameters-without-boot',
    kind: 'nspawn',
    defaultSeverity: 'warning',
    summary: 'Parameters= with init arguments but no Boot=yes',
    explanation:
      'systemd.nspawn(5), `Parameters=`: "This is either a command line, beginning with the binary name to execute, ' +
      'or – if Boot= is enabled – the list of arguments to pass to the init process … Boot=no, Parameters=a b ' +
      '\\"c c\\" is the same as systemd-nspawn a b \\"c c\\"". Arguments meant for systemd (`systemd.unit=…`, ' +
      '`--log-level=…`) without `Boot=yes` become the command: systemd-nspawn tries to execute ' +
      '`systemd.unit=rescue.target` as a program. `machinectl start` and `systemd-nspawn@.service` pass ' +
      '`--boot` themselves (systemd.nspawn(5), Boot=: "This option is specified by default in the ' +
      'systemd-nspawn@.service template unit"), so the file works there and breaks with a plain ' +
      '`systemd-nspawn -D`. Reported only when the first parameter looks like an init argument; a ' +
      'program name (`/bin/bash`) is a deliberate command line.',
    sources: [
      'systemd.nspawn(5) (systemd 257): [Exec] Boot=, Parameters=',
      'seed 004 (the three ways to run an image)',
    ],
    recipe: 'Boot=yes',
  },
  check(ctx) {
    const params = ctx.last('Exec', 'Parameters');
    if (!params || params.value === '') return [];
    if (parseBoolean(ctx.last('Exec', 'Boot')?.value ?? '') === true) return [];
    if (parseBoolean(ctx.last('Exec', 'ProcessTwo')?.value ?? '') === true) return [];
    const first = splitQuoted(params.value)[0]?.value ?? '';
    if (!looksLikeInitArguments(first)) return [];
    return [
      {
        range: params.range,
        message:
          `Parameters= looks like arguments for init, but without Boot=yes systemd-nspawn runs ` +
          `"${first.length > 40 ? `${first.slice(0, 40)}…` : first}" as the command. Add Boot=yes.`,
        detail:
          `Parameters=${params.value.length > 50 ? `${params.value.slice(0, 50)}…` : params.value}: without ` +
          `Boot=yes it is the ` +
          'command line. machinectl and systemd-nspawn@.service add --boot, a plain systemd-nspawn does not.',
        fixes: [{ title: 'Add Boot=yes', edits: [ctx.insertIntoSection('Exec', ['Boot=yes'])], preferred: true }],
      },
    ];
  },
};
