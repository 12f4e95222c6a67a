import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { deprecatedValue } from '../deprecatedValues';
import { checkValue, effectiveType } from '../values';
import { isQuadletType } from '../document';
import { QUADLET_OWN_SECTIONS } from './unknownKey';

export const invalidValue: UnitFileRule = {
  meta: {
    id: 'SCT406',
    name: 'invalid-value',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a value the key does not accept (boolean, enum, time span, number, size)',
    explanation:
      'systemd logs a parse error for a value its key cannot take and ignores the assignment, so the default ' +
      'stays in force: `Restart=allways` leaves the service without restarts, `TimeoutStartSec=1 hour and a ' +
      'half` keeps 90 s. Checked against the man pages of systemd 257 and podman 5.4: booleans (`yes/no`, ' +
      '`true/false`, `on/off`, `1/0`, systemd.syntax(7)) and the special values a key lists ' +
      '(`ProtectSystem=strict`), closed lists of values (`Type=`, `Restart=`, `KillMode=` …), time spans ' +
      '(systemd.time(7): `90`, `5min`, `1h 30min`, `infinity`), integers and sizes (`512M`, `50%`). Values ' +
      'with specifiers (`%i`) or variables are not judged, nor are conditions (`Condition…=` take `!`/`|` ' +
      "prefixes) and keys whose text allows free-form values. In Quadlet's own sections (`[Container]` …) " +
      'podman reads booleans itself: `1`, `yes`, `true`, `on` (any case) are true and every other value is ' +
      'silently false — `y` and `t` too, unlike systemd.',
    sources: [
      'systemd.syntax(7), systemd.time(7) (systemd 257)',
      'the type sentence of each key in its man page (docs/directive-database.md)',
      'podman-systemd.unit(5) (podman 5.4)',
      'podman pkg/systemd/parser/unitfile.go: LookupBoolean',
    ],
  },
  check(ctx) {
    const { doc } = ctx;
    const out: UnitFileRuleReport[] = [];
    for (const { entry, status } of ctx.entriesWith('known')) {
      const directive = status.directive;
      if (deprecatedValue(directive.manPage, entry.key, entry.value)) continue;
      const quadletOwn = isQuadletType(doc.fileType) && QUADLET_OWN_SECTIONS.has(entry.section!);
      if (quadletOwn && effectiveType(directive) === 'boolean') {
        // podman's parser: 1, yes, true, on (any case) are true; everything else is false, without an error
        const v = entry.value.trim();
        if (checkValue(directive, v) === undefined && !/^(y|t)$/i.test(v)) continue;
        out.push({
          range: entry.valueRange,
          message:
            `${entry.key}= is a boolean; Quadlet reads every value other than 1, yes, true or on as false, so ` +
            `"${v}" means false here.`,
          fixes: ['true', 'false'].map((c) => ({
            title: `Use ${entry.key}=${c}`,
            edits: [{ range: entry.valueRange, newText: c }],
            preferred: false,
          })),
        });
        continue;
      }
      const problem = checkValue(directive, entry.value);
      if (!problem) continue;
      out.push({
        range: entry.valueRange,
        message: `${problem.message} systemd ignores the assignment and keeps the default.`,
        fixes: problem.choices.slice(0, 8).map((c) => ({
          title: `Use ${entry.key}=${c}`,
          edits: [{ range: entry.valueRange, newText: c }],
          preferred: false,
        })),
      });
    }
    return out;
  },
};
