/**
 * What this host offers for running machines: systemd-nspawn and the tools around it, whether
 * systemd-machined can register machines (only when systemd is the host's PID 1), and whether we
 * are root (systemd-nspawn and nsenter need it).
 */
import * as fs from 'fs';
import { findOnPath } from '../hostPath';
import { runProgram } from './process';

export interface NspawnHost {
  nspawn: string;
  nsenter: string;
  tar: string;
  /** systemd-nspawn's version (252 on Debian bookworm). */
  version: number;
  /**
   * machinectl and systemd-machined are usable: the host runs systemd as PID 1. Otherwise
   * (containers, CI machines) machines run with `--register=no --keep-unit`.
   */
  machined: boolean;
  machinectl?: string;
}

export type NspawnHostCheck = { ok: true; host: NspawnHost } | { ok: false; reason: string };

/** Where the package that ships a tool comes from, for the "not installed" message. */
const PACKAGES: Record<string, string> = { 'systemd-nspawn': 'systemd-container', nsenter: 'util-linux', tar: 'tar' };

export async function detectNspawnHost(env: { path?: string; isRoot?: boolean } = {}): Promise<NspawnHostCheck> {
  const find = (name: string): string | undefined => findOnPath(name, env.path ?? process.env.PATH ?? '');
  const missing = Object.keys(PACKAGES).filter((name) => !find(name));
  if (missing.length) {
    return {
      ok: false,
      reason:
        `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed (Debian/Ubuntu: apt-get ` +
        `install ${[...new Set(missing.map((m) => PACKAGES[m]))].join(' ')}).`,
    };
  }
  const isRoot = env.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) {
    return {
      ok: false,
      reason:
        'systemd-nspawn needs root: run VS Code (or its remote server) as root, or start the machine with ' +
        '`machinectl start` from a root shell.',
    };
  }
  const nspawn = find('systemd-nspawn')!;
  const v = await runProgram(nspawn, ['--version'], { timeoutMs: 10_000 });
  const version = Number(/systemd (\d+)/.exec(v.stdout)?.[1] ?? NaN);
  if (v.exitCode !== 0 || !Number.isFinite(version))
    return { ok: false, reason: `systemd-nspawn --version failed: ${(v.stderr || v.stdout).trim()}` };
  const machinectl = find('machinectl');
  // sd_booted(): the host's PID 1 is systemd exactly when this directory exists.
  const machined = !!machinectl && fs.existsSync('/run/systemd/system');
  return {
    ok: true,
    host: {
      nspawn,
      nsenter: find('nsenter')!,
      tar: find('tar')!,
      version,
      machined,
      ...(machinectl ? { machinectl } : {}),
    },
  };
}
