import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { splitQuoted } from '../../unit/unitFile';
import { nspawnLocation } from '../privilegedSettings';

export const nspawnAllCapabilities: UnitFileRule = {
  meta: {
    id: 'SCT601',
    name: 'nspawn-all-capabilities',
    kind: 'nspawn',
    defaultSeverity: 'warning',
    summary: 'Capability=all',
    explanation:
      'systemd.nspawn(5): `Capability=` "specifies additional capabilities to pass on top of the default set ' +
      '… If the special value \\"all\\" is passed, all capabilities are retained." The default set ' +
      '(systemd-nspawn(1), `--capability=`) already holds what an OS container needs to boot — CAP_SYS_ADMIN, ' +
      'CAP_NET_BIND_SERVICE, CAP_SETUID … — so `all` adds the ones that reach past the container: ' +
      "CAP_SYS_MODULE (load kernel modules), CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_NET_ADMIN on the host's network " +
      'when it is not private, CAP_MAC_ADMIN, CAP_BPF. List the capabilities the workload needs instead. ' +
      '`Capability=` is a privileged setting: it only takes effect in a .nspawn file in /etc/systemd/nspawn/ ' +
      'or /run/systemd/nspawn/ (or with `--settings=trusted`).',
    sources: [
      'systemd.nspawn(5) (systemd 257): Capability=, DropCapability=',
      'systemd-nspawn(1) (systemd 257): --capability=',
    ],
    recipe: 'Capability=CAP_<only what is needed>',
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const entry of ctx.list('Exec', 'Capability')) {
      for (const w of splitQuoted(entry.value.replace(/,/g, ' '))) {
        if (w.value.toLowerCase() !== 'all') continue;
        const ignored = nspawnLocation(ctx.doc.path) === 'image';
        out.push({
          range: entry.rangeOf(w.start, w.end),
          message:
            'Capability=all gives the container every capability, including CAP_SYS_MODULE, CAP_SYS_RAWIO and ' +
            'CAP_SYS_TIME that act on the host kernel; list only the ones it ' +
            `needs${ignored ? ' (next to the image, this privileged setting is ignored anyway)' : ''}.`,
        });
      }
    }
    return out;
  },
};
