/**
 * Whether the running containers' releases changed since they were last told (and logged): every
 * engine event asks the containers again, and the same answer must neither reach the server nor
 * the Output panel again (a run logged "target releases from running containers" every second).
 */
import type { ContainerReleases } from '../../shared/containerReleases';

export class ReleasesChange {
  private last = '[]';

  /** True when `containers` differ from the last ones accepted; they become the last ones. */
  accept(containers: ContainerReleases[]): boolean {
    const text = JSON.stringify(containers);
    if (text === this.last) return false;
    this.last = text;
    return true;
  }

  /** A restarted server knows none: the next answer counts as new. */
  forget(): void {
    this.last = '[]';
  }
}

/** "web (/w/Dockerfile): systemd 252, no podman; …" for the log. */
export function describeReleases(containers: ContainerReleases[]): string {
  return containers
    .map((c) => {
      const parts = [
        c.systemd !== undefined ? `systemd ${c.systemd}` : 'no systemctl',
        c.podman !== undefined ? `Podman ${c.podman}` : 'no podman',
      ];
      return `${c.name}${c.dockerfile ? ` (${c.dockerfile})` : ''}: ${parts.join(', ')}`;
    })
    .join('; ');
}
