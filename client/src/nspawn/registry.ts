/**
 * The machines this window started, by name: the view lists them, commands find them, and the
 * extension powers them off when it deactivates (a machine must not outlive the window that
 * owns its systemd-nspawn process).
 */
import type { NspawnMachine } from './machine';

export class MachineRegistry {
  private readonly machines = new Map<string, NspawnMachine>();
  private readonly listeners = new Set<() => void>();

  /** Adds a machine (as soon as nspawn runs); it leaves the registry when nspawn exits. */
  add(machine: NspawnMachine): void {
    this.machines.set(machine.name, machine);
    void machine.whenExited().then(() => {
      if (this.machines.get(machine.name) === machine) this.machines.delete(machine.name);
      this.changed();
    });
    this.changed();
  }

  get(name: string): NspawnMachine | undefined {
    return this.machines.get(name);
  }

  list(): NspawnMachine[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Powers every machine off (in parallel), killing those that do not stop within `timeoutMs`. */
  async stopAll(timeoutMs = 15_000): Promise<void> {
    await Promise.all(this.list().map((m) => m.stop(timeoutMs).catch(() => undefined)));
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
