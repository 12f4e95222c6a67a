/** What every kind's linter takes (the options of lintFile), and what no linter reads. */
import type { LintConfig } from './config';
import type { ContainerReleases } from '../../../shared/containerReleases';

export interface LintOptions {
  config?: LintConfig;
  /** Build stage to lint (`--target`); default: the last stage. */
  target?: string;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
  /**
   * Absolute path of the linted file: compose build contexts, `extends` files and devcontainer
   * Dockerfiles are resolved against its folder. Without it (or without readFile) they are unknown.
   */
  path?: string;
  /** Reads a sibling file by absolute path (undefined when it cannot be read); the CLI and server pass fs. */
  readFile?: (file: string) => string | undefined;
  /**
   * Lists a folder by absolute path (undefined when it is not one): unit files find the Dockerfile
   * that puts them into an image, Quadlet files their drop-ins and .build files.
   */
  listDir?: (dir: string) => string[] | undefined;
  /**
   * The systemd release unit files are judged for (252, 257, 262 …; a flag or editor setting, it
   * wins over the config file's); undefined: the config file's, else "auto" (the release of the
   * image the unit goes into where known, else the newest known).
   */
  systemdVersion?: number;
  /** The Podman release Quadlet files are judged for ("5.4", "5.8" …); undefined as for systemdVersion. */
  podmanVersion?: string;
  /** Running containers that said which releases they have: "auto" asks them first (the editor's engine). */
  containers?: readonly ContainerReleases[];
}

/** Why a text cannot be linted (binary content), or undefined. */
export function unlintableReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'binary content (NUL bytes): not a text file';
  return undefined;
}

/** Above this size a document is not linted in the editor (it stays responsive; the CLI still lints it). */
export const MAX_LINT_CHARS = 5 * 1024 * 1024;
