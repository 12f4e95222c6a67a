/**
 * The "System Containers" view: the engine (its facts, or why it cannot be reached, with a
 * Retry), the containers that run systemd (ours, found by the run profile's labels, and any
 * container whose PID 1 is an init, exited ones with their exit code), and in each the units by
 * type, failed first; below, the systemd-nspawn machines this window started, with the same
 * unit nodes and actions (units through nsenter). A service's sandboxing is judged for the run
 * profile of the container it runs in, read from that container (engine/unitSandbox.ts): a
 * setting that fails or protects nothing there is on its node.
 * Refreshes on the engine's container events, when machines start or stop, and after every action.
 */
import * as vscode from 'vscode';
import { describeEndpoint } from '../../../shared/engine/errors';
import { describeFacts } from '../../../shared/engine/facts';
import { containerTarget, type SystemdTarget } from '../../../shared/engine/exec';
import { LABELS } from '../../../shared/engine/runProfile';
import { isRefusedUnit } from '../../../shared/engine/bootWait';
import {
  isBooting,
  listShownUnits,
  listSystemdContainers,
  shownSystemState,
  type SystemdContainer,
} from '../../../shared/engine/systemdContainers';
import type { UnitState } from '../../../shared/engine/units';
import {
  NSPAWN_PROFILE,
  containerProfile,
  describeJudgement,
  judgeUnitsSandbox,
  type UnitsSandbox,
} from '../../../shared/engine/unitSandbox';
import type { NspawnMachine } from '../nspawn/machine';
import type { MachineRegistry } from '../nspawn/registry';
import type { BootWatches } from '../session/bootWatches';
import type { EngineSession, SessionState } from '../session/engineSession';
import { RECONNECT_COMMAND } from '../session/statusBar';
import { refusedUnitWords, stoppedStatusWords, systemdStateWords } from './stateWords';
import type { EngineProfile } from '../../../shared/engineProfile';

export interface EngineNode {
  kind: 'engine';
  state: SessionState;
}

export interface MessageNode {
  kind: 'message';
  key: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: vscode.ThemeIcon;
  command?: vscode.Command;
  contextValue?: string;
  parent: TreeNode;
}

/** A container that runs systemd (engine/systemdContainers.ts) as a node of the view. */
export interface ContainerNode extends SystemdContainer {
  kind: 'container';
  parent: EngineNode;
}

/** The systemd-nspawn machines this window started (shown when there are any). */
export interface MachinesNode {
  kind: 'machines';
}

export interface MachineNode {
  kind: 'machine';
  name: string;
  machine: NspawnMachine;
  /** `systemctl is-system-running` in the machine. */
  systemState?: string;
  parent: MachinesNode;
}

/** What units belong to: a container of the engine or an nspawn machine. */
export type UnitOwner = ContainerNode | MachineNode;

/** The owner's id in node keys and unit references: the container id, or `machine:<name>`. */
export function ownerId(owner: UnitOwner): string {
  return owner.kind === 'container' ? owner.id : `machine:${owner.name}`;
}

export interface UnitGroupNode {
  kind: 'group';
  /** The group's inactive units, nested below its other units (`parentGroup` is the type's group). */
  inactive?: boolean;
  parentGroup?: UnitGroupNode;
  type: string;
  units: UnitState[];
  container: UnitOwner;
  /** The services' sandboxing judged for the owner's own run profile (when it could be read). */
  sandbox?: UnitsSandbox;
}

export interface UnitNode {
  kind: 'unit';
  unit: UnitState;
  /** ownerId(container). */
  containerId: string;
  container: UnitOwner;
  group: UnitGroupNode;
}

export type TreeNode = EngineNode | MessageNode | ContainerNode | MachinesNode | MachineNode | UnitGroupNode | UnitNode;

const TYPE_ORDER = [
  'service',
  'socket',
  'timer',
  'path',
  'target',
  'mount',
  'automount',
  'swap',
  'slice',
  'scope',
  'device',
];
const TYPE_ICONS: Record<string, string> = {
  service: 'gear',
  socket: 'plug',
  timer: 'watch',
  path: 'eye',
  target: 'target',
  mount: 'file-symlink-directory',
  automount: 'folder-active',
  swap: 'arrow-swap',
  slice: 'layers',
  scope: 'symbol-namespace',
  device: 'circuit-board',
};

/** A unit that failed, or that systemd refused to load (it never runs): shown as a problem. */
function inTrouble(u: UnitState): boolean {
  return u.active === 'failed' || isRefusedUnit(u);
}

function activeRank(u: UnitState): number {
  if (inTrouble(u)) return 0;
  switch (u.active) {
    case 'failed':
      return 0;
    case 'activating':
    case 'deactivating':
    case 'reloading':
    case 'refreshing':
      return 1;
    case 'active':
      return 2;
    default:
      return 3;
  }
}

export function unitType(unit: string): string {
  return unit.slice(unit.lastIndexOf('.') + 1);
}

/** Units by type; groups with failed units first, then the usual order; in a group failed first. */
export function groupUnits(units: UnitState[]): Array<{ type: string; units: UnitState[] }> {
  const byType = new Map<string, UnitState[]>();
  for (const u of units) {
    const t = unitType(u.unit);
    if (!byType.has(t)) byType.set(t, []);
    byType.get(t)!.push(u);
  }
  const order = (t: string): number => (TYPE_ORDER.includes(t) ? TYPE_ORDER.indexOf(t) : TYPE_ORDER.length);
  return [...byType.entries()]
    .map(([type, list]) => ({
      type,
      units: list.sort((a, b) => activeRank(a) - activeRank(b) || a.unit.localeCompare(b.unit)),
    }))
    .sort((a, b) => {
      const fa = a.units.some(inTrouble) ? 0 : 1;
      const fb = b.units.some(inTrouble) ? 0 : 1;
      return fa - fb || order(a.type) - order(b.type) || a.type.localeCompare(b.type);
    });
}

export function unitIcon(active: string): vscode.ThemeIcon {
  switch (active) {
    case 'active':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'activating':
    case 'deactivating':
    case 'reloading':
    case 'refreshing':
      return new vscode.ThemeIcon('loading~spin');
    default:
      return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  }
}

export class ContainersTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One object per tree item id: the view matches elements by identity (reveal, refresh). */
  private readonly root: EngineNode = { kind: 'engine', state: { kind: 'idle' } };
  private readonly machinesRoot: MachinesNode = { kind: 'machines' };
  private readonly nodes = new Map<string, TreeNode>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Per container id (or `machine:<name>`): its profile and systemd release, read once (judgeSandbox). */
  private readonly sandboxOwners = new Map<string, { profile: EngineProfile; systemdVersion?: number }>();
  /** Last containers listed, for reveal and tests. */
  private containers: ContainerNode[] = [];

  constructor(
    readonly session: EngineSession,
    readonly machines: MachineRegistry,
    private readonly watches?: BootWatches,
  ) {
    this.disposables.push(
      this.changed,
      session.onDidChangeContainers(() => this.refresh()),
      // A boot reported or over, a unit failed later, a container died: no engine event says so.
      ...(watches ? [watches.onDidChange(() => this.refresh())] : []),
      session.onDidChangeState(() => this.refresh()),
      // The machines node comes and goes with the machines: the whole tree refreshes.
      machines.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  /**
   * Refreshes from the root element down. Firing with the root (not undefined) keeps the view's
   * element handles valid, so a reveal in flight is not broken by a refresh from an engine event.
   */
  refresh(): void {
    this.changed.fire(this.shown ? this.root : undefined);
  }

  /** Whether the view has asked for the root yet. */
  private shown = false;

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'engine':
        return undefined;
      case 'message':
        return node.parent;
      case 'container':
        return node.parent;
      case 'machines':
        return undefined;
      case 'machine':
        return node.parent;
      case 'group':
        return node.inactive && node.parentGroup ? node.parentGroup : node.container;
      case 'unit':
        return node.group;
    }
  }

  /** getChildren calls in flight (the view's own, while it loads). */
  private loading = 0;

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    this.loading++;
    try {
      return await this.children(node);
    } finally {
      this.loading--;
    }
  }

  /**
   * The node of a listed container once the view has loaded it and nothing is loading (a reveal
   * racing the view's first load leaves the view empty), or undefined after the timeout.
   */
  async loadedContainer(id: string, timeoutMs = 10_000): Promise<ContainerNode | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.containers.find((c) => c.id === id);
      if (found && this.loading === 0) {
        // Let the view register what it just received before revealing into it.
        await new Promise((r) => setTimeout(r, 100));
        if (this.loading === 0) return found;
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async children(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      // Connect on first show; after a failure show it (Retry reconnects) instead of retrying on every refresh.
      const current = this.session.current.kind;
      if (current === 'idle' || current === 'connecting') await this.session.get().catch(() => undefined);
      this.root.state = this.session.current;
      this.shown = true;
      return this.machines.list().length ? [this.root, this.machinesRoot] : [this.root];
    }
    switch (node.kind) {
      case 'engine':
        return this.engineChildren(node);
      case 'machines':
        return this.machineNodes();
      case 'container':
      case 'machine':
        return this.containerChildren(node);
      case 'group':
        return this.groupChildren(node);
      default:
        return [];
    }
  }

  /** The machines, with systemd's state in each. */
  private async machineNodes(): Promise<TreeNode[]> {
    const nodes: MachineNode[] = this.machines
      .list()
      .map((machine) => ({ kind: 'machine', name: machine.name, machine, parent: this.machinesRoot }));
    await Promise.all(
      nodes.map(async (n) => {
        n.systemState = await shownSystemState(n.machine);
      }),
    );
    return this.intern(nodes);
  }

  /** The node of a machine once the view has it (for reveal). */
  machineNode(name: string): MachineNode | undefined {
    const n = this.nodes.get(`machine:${name}`);
    return n?.kind === 'machine' ? n : undefined;
  }

  /** The containers currently shown (after the last listing). */
  get listedContainers(): readonly ContainerNode[] {
    return this.containers;
  }

  /** A type's units, with the inactive ones folded into one "inactive" node when others are there. */
  private groupChildren(node: UnitGroupNode): TreeNode[] {
    const unitNode = (unit: UnitState): UnitNode => ({
      kind: 'unit',
      unit,
      containerId: ownerId(node.container),
      container: node.container,
      group: node,
    });
    const folded = (u: UnitState) => u.active === 'inactive' && !inTrouble(u);
    const inactive = node.inactive ? [] : node.units.filter(folded);
    if (!inactive.length || inactive.length === node.units.length) return this.intern(node.units.map(unitNode));
    const shown: TreeNode[] = node.units.filter((u) => !folded(u)).map(unitNode);
    shown.push({
      kind: 'group',
      type: node.type,
      units: inactive,
      container: node.container,
      inactive: true,
      parentGroup: node,
      ...(node.sandbox ? { sandbox: node.sandbox } : {}),
    });
    return this.intern(shown);
  }

  /**
   * The existing object for each node's id, updated with the fresh data: the view keeps the
   * element objects it was given, and a reveal or refresh must find the same ones.
   */
  private intern<T extends TreeNode>(fresh: T[]): T[] {
    return fresh.map((n) => {
      const key = nodeKey(n);
      const existing = this.nodes.get(key);
      if (existing && existing.kind === n.kind) {
        Object.assign(existing, n);
        return existing as T;
      }
      this.nodes.set(key, n);
      return n;
    });
  }

  /** Forgets the nodes of containers that are gone. */
  private prune(present: ReadonlySet<string>): void {
    for (const [key, n] of this.nodes) {
      const id =
        n.kind === 'container'
          ? n.id
          : n.kind === 'group'
            ? ownerId(n.container)
            : n.kind === 'unit'
              ? n.containerId
              : n.kind === 'message' && n.parent.kind === 'container'
                ? n.parent.id
                : undefined;
      // Machines come and go with the registry, not with the engine's list.
      if (id?.startsWith('machine:')) continue;
      if (id !== undefined && !present.has(id)) this.nodes.delete(key);
    }
  }

  private async engineChildren(node: EngineNode): Promise<TreeNode[]> {
    return this.intern(await this.engineChildrenFresh(node));
  }

  private async engineChildrenFresh(node: EngineNode): Promise<TreeNode[]> {
    const s = node.state;
    if (s.kind === 'error') return errorWithRetry(node, s.message, s.message);
    if (s.kind !== 'connected') return [];
    try {
      const listed = (await listSystemdContainers(s.docker, s.endpoint)).map((c): ContainerNode => ({
        kind: 'container',
        ...c,
        parent: node,
      }));
      this.prune(new Set(listed.map((c) => c.id)));
      this.containers = this.intern(listed);
      // Still booting: follow the boot to its end so the view does not keep showing "starting".
      for (const c of this.containers)
        if (c.state === 'running' && isBooting(c.systemState)) this.watches?.untilBooted(s, c.id);
    } catch (e) {
      this.session.reportFailure(e);
      const message = e instanceof Error ? e.message : String(e);
      return errorWithRetry(node, `Cannot list containers: ${message}`, message);
    }
    if (!this.containers.length) {
      return [
        {
          kind: 'message',
          key: 'empty',
          label: 'No container runs systemd',
          description: 'Run a Dockerfile with “Run with systemd”',
          icon: new vscode.ThemeIcon('info'),
          command: { title: 'Run with systemd', command: 'systemdContainerTools.runWithSystemd' },
          parent: node,
        },
      ];
    }
    return this.containers;
  }

  private async containerChildren(node: UnitOwner): Promise<TreeNode[]> {
    return this.intern(await this.containerChildrenFresh(node));
  }

  private async containerChildrenFresh(node: UnitOwner): Promise<TreeNode[]> {
    if (node.kind === 'machine') {
      try {
        const units = await listShownUnits(node.machine);
        const sandbox = await this.judgeSandbox(
          `machine:${node.name}`,
          node.machine,
          units,
          async () => NSPAWN_PROFILE,
        );
        return groupUnits(units).map((g) => ({
          kind: 'group',
          type: g.type,
          units: g.units,
          container: node,
          sandbox,
        }));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return [
          {
            kind: 'message',
            key: `units-error:machine:${node.name}`,
            label: `Cannot list units: ${message}`,
            tooltip: message,
            icon: new vscode.ThemeIcon('error'),
            parent: node,
          },
        ];
      }
    }
    if (node.state !== 'running') {
      return [
        {
          kind: 'message',
          key: `stopped:${node.id}`,
          label: `Not running (${node.status})`,
          icon: new vscode.ThemeIcon('debug-stop'),
          parent: node,
        },
      ];
    }
    try {
      const conn = await this.session.get();
      const target = containerTarget(conn.docker, node.id, conn.endpoint);
      const units = await listShownUnits(target);
      const sandbox = await this.judgeSandbox(node.id, target, units, () =>
        containerProfile(conn.docker, node.id, conn.facts, conn.endpoint),
      );
      return groupUnits(units).map((g) => ({ kind: 'group', type: g.type, units: g.units, container: node, sandbox }));
    } catch (e) {
      this.session.reportFailure(e);
      const message = e instanceof Error ? e.message : String(e);
      return [
        {
          kind: 'message',
          key: `units-error:${node.id}`,
          label: `Cannot list units: ${message}`,
          tooltip: message,
          icon: new vscode.ThemeIcon('error'),
          parent: node,
        },
      ];
    }
  }

  /**
   * The services' sandboxing for the owner's profile; a failure only leaves the nodes without it. The profile and
   * the systemd release do not change while a container runs: read once per owner, so a refresh costs one exec.
   */
  private async judgeSandbox(
    owner: string,
    target: SystemdTarget,
    units: UnitState[],
    profile: () => Promise<EngineProfile>,
  ): Promise<UnitsSandbox | undefined> {
    try {
      const services = units.filter((u) => u.unit.endsWith('.service') && u.load === 'loaded').map((u) => u.unit);
      const known = this.sandboxOwners.get(owner);
      const judged = await judgeUnitsSandbox(target, services, known?.profile ?? (await profile()), {
        ...(known?.systemdVersion ? { systemdVersion: known.systemdVersion } : {}),
      });
      this.sandboxOwners.set(owner, {
        profile: judged.profile,
        ...(judged.systemdVersion ? { systemdVersion: judged.systemdVersion } : {}),
      });
      return judged;
    } catch {
      return undefined;
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'engine':
        return engineItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = nodeKey(node);
        if (node.description) item.description = node.description;
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = node.icon;
        if (node.command) item.command = node.command;
        if (node.contextValue) item.contextValue = node.contextValue;
        return item;
      }
      case 'container':
        return containerItem(node);
      case 'machines': {
        const item = new vscode.TreeItem('systemd-nspawn', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'machines';
        const registered = this.machines.list()[0]?.host.machined;
        item.description = registered
          ? 'registered with systemd-machined'
          : 'not registered (no systemd-machined on this host)';
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.contextValue = 'sct.machines';
        return item;
      }
      case 'machine':
        return machineItem(node);
      case 'group': {
        if (node.inactive) {
          const item = new vscode.TreeItem('inactive', vscode.TreeItemCollapsibleState.Collapsed);
          item.id = nodeKey(node);
          item.description = `${node.units.length} ${node.type} unit${node.units.length === 1 ? '' : 's'}`;
          item.iconPath = new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
          item.contextValue = 'sct.unitGroup.inactive';
          return item;
        }
        const failed = node.units.filter((u) => u.active === 'failed').length;
        const refused = node.units.filter(isRefusedUnit).length;
        const active = node.units.filter((u) => u.active === 'active').length;
        const item = new vscode.TreeItem(
          node.type,
          failed || refused || node.type === 'service'
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = nodeKey(node);
        item.description =
          `${node.units.length} · ${active} active${failed ? ` · ${failed} failed` : ''}` +
          (refused ? ` · ${refused} not loaded` : '');
        item.iconPath =
          failed || refused
            ? new vscode.ThemeIcon(TYPE_ICONS[node.type] ?? 'symbol-misc', new vscode.ThemeColor('testing.iconFailed'))
            : new vscode.ThemeIcon(TYPE_ICONS[node.type] ?? 'symbol-misc');
        item.contextValue = 'sct.unitGroup';
        return item;
      }
      case 'unit': {
        const u = node.unit;
        const item = new vscode.TreeItem(u.unit, vscode.TreeItemCollapsibleState.None);
        item.id = nodeKey(node);
        const refused = refusedUnitWords(u.load);
        item.description = `${refused ?? u.sub}${u.description ? ` · ${u.description}` : ''}`;
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${escapeMd(u.unit)}**\n\n`);
        tip.appendText(`${u.description}\n\nload: ${u.load} · active: ${u.active} · sub: ${u.sub}`);
        const sandbox = node.group.sandbox;
        const judged = sandbox?.units[u.unit] ?? [];
        if (sandbox && judged.length) {
          const fails = judged.filter((j) => j.verdict.outcome === 'fails');
          if (fails.length)
            item.description = `${fails.map((j) => `${j.key}=`).join(', ')} fails here · ${item.description}`;
          tip.appendText(
            `\n\nSandboxing in this container (${sandbox.title}; ${sandbox.profile.basis}` +
              `${sandbox.systemdVersion ? `, systemd ${sandbox.systemdVersion}` : ''}):\n` +
              judged.map((j) => `• ${describeJudgement(j)}`).join('\n'),
          );
        }
        item.tooltip = tip;
        item.iconPath = unitIcon(refused ? 'failed' : u.active);
        item.contextValue = `sct.unit.${u.active}${u.load === 'masked' ? '.masked' : ''}`;
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The node's tree item id. */
export function nodeKey(n: TreeNode): string {
  switch (n.kind) {
    case 'engine':
      return 'engine';
    case 'message':
      return `message:${n.key}`;
    case 'container':
      return `container:${n.id}`;
    case 'machines':
      return 'machines';
    case 'machine':
      return `machine:${n.name}`;
    case 'group':
      return `group:${ownerId(n.container)}:${n.type}${n.inactive ? ':inactive' : ''}`;
    case 'unit':
      return `unit:${n.containerId}:${n.unit.unit}`;
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function engineItem(node: EngineNode): vscode.TreeItem {
  const s = node.state;
  if (s.kind === 'connected') {
    const f = s.facts;
    const item = new vscode.TreeItem(
      `${f.engine === 'podman' ? 'Podman' : 'Docker'} ${f.version}`,
      vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = 'engine';
    const cg = f.cgroupVersion
      ? `cgroup v${f.cgroupVersion}${f.cgroupDriver ? ` (${f.cgroupDriver})` : ''}`
      : 'cgroup ?';
    item.description = `${cg} · ${f.rootless ? 'rootless' : 'rootful'} · ${s.endpoint.uri}`;
    item.tooltip = `${describeFacts(f)}\n${describeEndpoint(s.endpoint)}`;
    item.iconPath = new vscode.ThemeIcon('server-environment');
    item.contextValue = 'sct.engine';
    return item;
  }
  if (s.kind === 'error') {
    const item = new vscode.TreeItem('Engine unreachable', vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'engine';
    item.description = s.endpoint ? s.endpoint.uri : s.message;
    item.tooltip = s.message;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = 'sct.engine.error';
    return item;
  }
  const item = new vscode.TreeItem('Connecting to the engine…', vscode.TreeItemCollapsibleState.None);
  item.id = 'engine';
  item.iconPath = new vscode.ThemeIcon('loading~spin');
  return item;
}

function containerItem(node: ContainerNode): vscode.TreeItem {
  const running = node.state === 'running';
  const item = new vscode.TreeItem(
    node.name || node.id.slice(0, 12),
    running ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `container:${node.id}`;
  const state = running ? systemdStateWords(node.systemState) : stoppedStatusWords(node.status);
  item.description = `${node.image} · ${state}`;
  const tip = new vscode.MarkdownString();
  tip.appendText(
    [
      `${node.name} (${node.id.slice(0, 12)})`,
      `image: ${node.image}`,
      node.status,
      running
        ? `systemd: ${systemdStateWords(node.systemState)}`
        : 'Diagnose Boot (context menu) reads its log for the cause',
      `PID 1: ${node.command}`,
      ...(node.labels[LABELS.dockerfile] ? [`from: ${node.labels[LABELS.dockerfile]}`] : []),
      ...(node.managed ? ['started by Run with systemd'] : []),
    ].join('\n'),
  );
  item.tooltip = tip;
  const color = !running
    ? (node.exitCode !== undefined && node.exitCode !== 0) || node.state === 'created' || node.state === 'dead'
      ? new vscode.ThemeColor('testing.iconFailed')
      : undefined
    : node.systemState === 'running'
      ? new vscode.ThemeColor('testing.iconPassed')
      : node.systemState === 'degraded' || node.systemState === 'maintenance'
        ? new vscode.ThemeColor('list.warningForeground')
        : undefined;
  item.iconPath = new vscode.ThemeIcon(running ? 'vm-running' : 'vm-outline', color);
  item.contextValue = `sct.container.${running ? 'running' : 'stopped'}${node.managed ? '.managed' : ''}`;
  return item;
}

function machineItem(node: MachineNode): vscode.TreeItem {
  const m = node.machine;
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `machine:${node.name}`;
  item.description = `${m.spec.source} · ${systemdStateWords(node.systemState)}`;
  const tip = new vscode.MarkdownString();
  tip.appendText(
    `${node.name} (systemd-nspawn, PID ${m.pid ?? '?'})\nfrom: ${m.spec.source}\ndirectory: ` +
      `${m.spec.directory}\nsystemd: ` +
      `${systemdStateWords(node.systemState)}\n` +
      (m.host.machined
        ? 'registered with systemd-machined (machinectl sees it)'
        : 'not registered: this host has no systemd-machined'),
  );
  item.tooltip = tip;
  const color =
    node.systemState === 'running'
      ? new vscode.ThemeColor('testing.iconPassed')
      : node.systemState === 'degraded' || node.systemState === 'maintenance'
        ? new vscode.ThemeColor('list.warningForeground')
        : undefined;
  item.iconPath = new vscode.ThemeIcon('vm-running', color);
  item.contextValue = `sct.machine.running${m.spec.exported ? '.exported' : ''}`;
  return item;
}

/** An engine's error as a message, and a Retry that reconnects. */
function errorWithRetry(parent: EngineNode, label: string, tooltip: string): MessageNode[] {
  return [
    { kind: 'message', key: 'error', label, tooltip, icon: new vscode.ThemeIcon('error'), parent },
    {
      kind: 'message',
      key: 'retry',
      label: 'Retry',
      icon: new vscode.ThemeIcon('refresh'),
      command: { title: 'Retry', command: RECONNECT_COMMAND },
      contextValue: 'sct.retry',
      parent,
    },
  ];
}
