/**
 * Runs Podman's own Quadlet generator (`quadlet -dryrun`) of a Debian release's chroot on a set of
 * files and reads its verdict per file: the judge of the differential tests. Each set is written
 * to its own directory inside the chroot (Quadlet sees exactly those files, as our linter sees
 * exactly those through listDir/readFile); the process is spawned without a shell.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const CHROOTS = process.env.SCT_CHROOTS ?? '/var/cache/sct-chroots';

/** The chroot holding each Podman release we judge against. */
export const PODMAN_CHROOTS: Record<string, string> = { '5.4': 'trixie', '5.8': 'sid' };

export interface QuadletVerdict {
  /** File name → the generator's error for it (the file is refused). */
  refused: Map<string, string>;
  /** Files it generated a unit for. */
  generated: Set<string>;
  /** stderr lines that are neither progress nor a per-file verdict (shown on disagreement). */
  other: string[];
}

/** Why the chroot of a release cannot judge (absent, no Quadlet), or undefined when it can. */
export function chrootProblem(release: string): string | undefined {
  const suite = PODMAN_CHROOTS[release];
  if (!suite) return `no chroot is known for Podman ${release} (known: ${Object.keys(PODMAN_CHROOTS).join(', ')})`;
  const dir = path.join(CHROOTS, suite);
  if (!fs.existsSync(path.join(dir, '.sct-chroot'))) return `${dir} is not built: run .ci/chroots-setup.sh first`;
  if (!fs.existsSync(path.join(dir, 'usr/libexec/podman/quadlet'))) return `${dir} has no /usr/libexec/podman/quadlet`;
  return undefined;
}

/** The Podman version the chroot's package says (e.g. "5.4.2"). */
export function podmanPackageVersion(release: string): string {
  const status = fs.readFileSync(path.join(CHROOTS, PODMAN_CHROOTS[release], 'var/lib/dpkg/status'), 'utf8');
  const m = /^Package: podman\n(?:[^\n]+\n)*?Version: (?:\d+:)?([\d.]+)/m.exec(status);
  return m ? m[1] : 'unknown';
}

const CONVERTING = /^quadlet-generator\[\d+\]: converting "([^"]+)": (.*)$/;
const LOADING_ERROR = /^quadlet-generator\[\d+\]: error loading "([^"]+)", (.*)$/;
const GENERATED = /^---([^-]+(?:-[^-]+)*)---$/;
const PROGRESS = /^quadlet-generator\[\d+\]: (Loading source|Warning|No files parsed|processing encountered|writing)/;

/** Parses `quadlet -dryrun` output into per-file verdicts. */
export function parseQuadletOutput(stdout: string, stderr: string): QuadletVerdict {
  const refused = new Map<string, string>();
  const other: string[] = [];
  for (const line of stderr.split('\n')) {
    if (!line) continue;
    const c = CONVERTING.exec(line) ?? LOADING_ERROR.exec(line);
    if (c) refused.set(path.basename(c[1]), c[2]);
    else if (!PROGRESS.test(line)) other.push(line);
  }
  const generated = new Set<string>();
  for (const line of stdout.split('\n')) {
    const g = GENERATED.exec(line);
    if (g) generated.add(g[1]);
  }
  return { refused, generated, other };
}

export class RealQuadlet {
  private readonly root: string;
  private counter = 0;

  constructor(readonly release: string) {
    const problem = chrootProblem(release);
    if (problem) throw new Error(problem);
    this.root = path.join(CHROOTS, PODMAN_CHROOTS[release]);
  }

  /** Runs the generator on exactly `files` (name → text) and returns its verdict. */
  async judge(files: Record<string, string>): Promise<QuadletVerdict> {
    const inside = `/tmp/sct-quadlet-${process.pid}-${this.counter++}`;
    const dir = path.join(this.root, inside);
    fs.mkdirSync(dir, { recursive: true });
    try {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const { stdout, stderr } = await run(this.root, inside);
      return parseQuadletOutput(stdout, stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function run(root: string, unitDir: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', QUADLET_UNIT_DIRS: unitDir, LC_ALL: 'C' };
    execFile(
      'chroot',
      [root, '/usr/libexec/podman/quadlet', '-dryrun', '-no-kmsg-log'],
      { env, timeout: 30_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        // exit status 1 means "some file was refused": the verdict is in stderr
        if (error && typeof error.code !== 'number')
          reject(new Error(`quadlet -dryrun in ${root} failed: ${error.message}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}
