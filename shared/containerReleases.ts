/**
 * What a running container said of itself, sent by the client (client/src/runningReleases.ts,
 * which asks through the engine) to the server (server.ts), which judges unit files by it when
 * the target release is "auto" (server/src/kinds/unit/target.ts).
 */

/** The client → server notification that carries `{ containers: ContainerReleases[] }`. */
export const RUNNING_RELEASES_NOTIFICATION = 'systemdContainerTools/runningReleases';

/**
 * What a running container said of itself (`systemctl --version`, `podman --version` through the
 * engine's exec; shared/engine/releaseProbe.ts), and where it comes from.
 */
export interface ContainerReleases {
  /** The container's name, for the reason shown ("running container web"). */
  name: string;
  /** The Dockerfile it was built from (Run with systemd's label sct.dockerfile), if known. */
  dockerfile?: string;
  /** The workspace folder that Dockerfile lies in, if any. */
  workspaceFolder?: string;
  /** The systemd version number (252), when systemctl answered. */
  systemd?: number;
  /** The Podman version ("5.4.2"), when podman answered. */
  podman?: string;
}
