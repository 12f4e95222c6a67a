import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { parseBoolean } from '../../unit/unitFile';

export const nspawnPortWithoutVeth: UnitFileRule = {
  meta: {
    id: 'SCT602',
    name: 'nspawn-port-without-veth',
    kind: 'nspawn',
    defaultSeverity: 'warning',
    summary: 'Port= without a virtual Ethernet link',
    explanation:
      'systemd-nspawn(1), `--port=`: "This option is only supported if private networking is used, such as ' +
      'with --network-veth, --network-zone= --network-bridge=." In a .nspawn file that is ' +
      '`VirtualEthernet=yes`, `Zone=` or `Bridge=` in `[Network]` (the last two imply the first). With ' +
      '`VirtualEthernet=no` the forwarding never takes effect (warning). With no link setting at all it ' +
      'depends on how the container is started: `machinectl start` and `systemd-nspawn@.service` pass ' +
      '`--network-veth` (systemd.nspawn(5): VirtualEthernet= "is the default if the systemd-nspawn@.service ' +
      'template unit file is used"), a plain `systemd-nspawn -b -D …` does not (info). Also note that the ' +
      "forwarded port is not reachable on the host's loopback address (seed 004), and that Port= is a " +
      'privileged setting.',
    sources: [
      'systemd-nspawn(1) (systemd 257): --port=',
      'systemd.nspawn(5) (systemd 257): [Network] VirtualEthernet=, Zone=, Bridge=, Port=',
      'seed 004 (systemd-nspawn article)',
    ],
    recipe: 'VirtualEthernet=yes',
  },
  check(ctx) {
    const ports = ctx.list('Network', 'Port');
    if (ports.length === 0) return [];
    const veth = ctx.last('Network', 'VirtualEthernet');
    const vethOn = veth ? parseBoolean(veth.value) : undefined;
    const zone = ctx.last('Network', 'Zone')?.value;
    const bridge = ctx.last('Network', 'Bridge')?.value;
    if (vethOn === true || zone || bridge) return [];
    const out: UnitFileRuleReport[] = [];
    for (const port of ports) {
      if (vethOn === false) {
        out.push({
          range: port.range,
          message:
            `Port=${port.value} needs a virtual Ethernet link, and VirtualEthernet=no ` +
            `(line ${veth!.firstLine + 1}) turns it off: the port is never forwarded.`,
          fixes: [
            { title: 'Set VirtualEthernet=yes', edits: [{ range: veth!.valueRange, newText: 'yes' }], preferred: true },
          ],
        });
      } else {
        out.push({
          range: port.range,
          message:
            `Port=${port.value} only works with a virtual Ethernet link (VirtualEthernet=yes, Zone= or Bridge=); ` +
            'this file sets none, so it relies on being started by machinectl / systemd-nspawn@.service (which ' +
            'add --network-veth).',
          severity: 'info',
          fixes: [
            {
              title: 'Add VirtualEthernet=yes',
              edits: [ctx.insertIntoSection('Network', ['VirtualEthernet=yes'])],
              preferred: true,
            },
          ],
        });
      }
    }
    return out;
  },
};
