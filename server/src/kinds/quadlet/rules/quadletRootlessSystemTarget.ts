import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { rootlessByPath, rootlessHints } from '../podmanArgs';
import { splitQuoted } from '../../unit/unitFile';

/** systemd.special(7) "UNITS MANAGED BY THE USER SERVICE MANAGER": the targets a user manager has. */
const USER_TARGETS = new Set([
  'default.target',
  'exit.target',
  'shutdown.target',
  'sockets.target',
  'timers.target',
  'paths.target',
  'bluetooth.target',
  'printer.target',
  'smartcard.target',
  'sound.target',
  'graphical-session.target',
  'graphical-session-pre.target',
  'xdg-desktop-autostart.target',
  'basic.target',
]);
/** System targets people put in WantedBy= of user units. */
const SYSTEM_TARGETS = new Set([
  'multi-user.target',
  'graphical.target',
  'network-online.target',
  'network.target',
  'local-fs.target',
  'remote-fs.target',
  'sysinit.target',
]);

export const quadletRootlessSystemTarget: UnitFileRule = {
  meta: {
    id: 'SCT506',
    name: 'quadlet-rootless-system-target',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'a rootless Quadlet wanted by a system target the user manager does not have',
    explanation:
      'Quadlet applies `[Install]` itself when it generates the service (podman-systemd.unit(5), "Enabling unit ' +
      'files"). A rootless Quadlet (in `~/.config/containers/systemd/`, `/etc/containers/systemd/users/` …) runs ' +
      "under the user's service manager, whose targets are `default.target` and a few others " +
      '(systemd.special(7), "Units managed by the user service manager"); `multi-user.target` and ' +
      '`graphical.target` exist only in the system manager. `WantedBy=multi-user.target` in a user unit ' +
      'therefore starts nothing: use `WantedBy=default.target` (and `loginctl enable-linger <user>` to ' +
      "start it at boot without a login). Decided from the file's path; a file outside the Quadlet " +
      'directories that uses user-only paths (`/run/user/%U`, `%h/.config`) is reported as info.',
    sources: [
      'podman-systemd.unit(5) (podman 5.4): "Podman rootless unit search path", "Enabling unit files"',
      'systemd.special(7) (systemd 257): units managed by the user service manager',
      'Debian systemd 257 package: /usr/lib/systemd/user/ has default.target, basic.target … and no ' +
        'multi-user.target or graphical.target',
    ],
    recipe: 'WantedBy=default.target',
  },
  check(ctx) {
    const byPath = rootlessByPath(ctx.doc.path);
    const hints = byPath ? [] : rootlessHints(ctx);
    if (!byPath && hints.length === 0) return [];
    const out: UnitFileRuleReport[] = [];
    for (const key of ['WantedBy', 'RequiredBy']) {
      for (const entry of ctx.list('Install', key)) {
        const words = splitQuoted(entry.value);
        const hasDefault = words.some((w) => w.value === 'default.target');
        for (const w of words) {
          if (!SYSTEM_TARGETS.has(w.value) || USER_TARGETS.has(w.value)) continue;
          const why = byPath
            ? 'this Quadlet file is in a rootless search path'
            : `this looks like a rootless (user) Quadlet: ` +
              `${hints[0].key}=${hints[0].value.length > 40 ? `${hints[0].value.slice(0, 40)}…` : hints[0].value}`;
          out.push({
            range: entry.rangeOf(w.start, w.end),
            message:
              `${w.value} does not exist in the user service manager, so ${key}=${w.value} starts ` +
              `nothing${hasDefault ? '; default.target, also listed, does the job' : '; use default.target'}.`,
            detail: `A user unit: ${why}.`,
            severity: byPath ? undefined : 'info',
            fixes: [
              hasDefault
                ? { title: `Remove ${w.value}`, edits: [ctx.removeWord(entry, w.start, w.end)], preferred: byPath }
                : {
                    title: 'Use default.target',
                    edits: [{ range: entry.rangeOf(w.start, w.end), newText: 'default.target' }],
                    preferred: byPath,
                  },
            ],
          });
        }
      }
    }
    return out;
  },
};
