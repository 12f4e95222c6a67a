/**
 * systemd-container-lint preflight [--format text|json] [--host URI] IMAGE
 * systemd-container-lint preflight [--format text|json] [--host URI] --dockerfile PATH [--context DIR] [--target STAGE]
 *
 * Predicts whether IMAGE boots with systemd as PID 1 on this engine, without booting it
 * (shared/engine/preflight.ts). With --dockerfile the image is built under a temporary tag
 * first and removed afterwards. Exit: 0 boots, 1 fails, 3 unknown, 2 usage or engine error.
 */
import * as path from 'path';
import { buildImage } from '../../../../shared/engine/build';
import { isEngineError } from '../../../../shared/engine/errors';
import { formatPreflight, runPreflight, type Verdict } from '../../../../shared/engine/preflight';
import { connectEngine, interruptible } from '../engine';
import type { Subcommand } from '../subcommandArgs';
import { IMAGE_SOURCE_OPTIONS, imageSourceOf, parseSubcommandArgs } from '../subcommandArgs';

const USAGE = `Usage: systemd-container-lint preflight [options] IMAGE
       systemd-container-lint preflight [options] --dockerfile PATH

Predicts, without booting it, whether IMAGE boots with systemd as PID 1 on this
engine: reads the image's systemd (version, init paths, masks), the engine's kind,
cgroup version and layout, rootless or not, and the run profile it would use.

Options:
  --format text|json   output format (default: text)
  --dockerfile PATH    build PATH (under a temporary tag, removed afterwards) and check that
  --context DIR        build context for --dockerfile (default: its folder)
  --target STAGE       build stage for --dockerfile
  --host URI           engine (default: DOCKER_HOST, the Docker context, the default socket)
  -h, --help           show this help

Exit status: 0 boots, 1 fails, 3 unknown, 2 usage or engine error.`;

const EXIT: Record<Verdict, number> = { boots: 0, fails: 1, unknown: 3 };

export const run: Subcommand = async (argv, out, err) => {
  const parsed = parseSubcommandArgs(
    { name: 'preflight', usage: USAGE, options: IMAGE_SOURCE_OPTIONS },
    argv,
    out,
    err,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const source = imageSourceOf(values, positionals);
  if ('error' in source) {
    err(`systemd-container-lint preflight: ${source.error}\n\n${USAGE}`);
    return 2;
  }
  const interruption = interruptible(() => 'A temporary image sct-preflight/* may be left.', err);
  let tempImage: string | undefined;
  let conn;
  try {
    conn = await connectEngine({ ...(values.host ? { host: values.host } : {}), signal: interruption.signal });
    let image = 'image' in source ? source.image : '';
    if ('dockerfile' in source) {
      const { dockerfile, contextDir } = source;
      tempImage = `sct-preflight/${
        path
          .basename(contextDir)
          .toLowerCase()
          .replace(/[^a-z0-9_.-]/g, '-') || 'image'
      }:${process.pid}-${Date.now().toString(36)}`;
      const build = await buildImage(conn.docker, {
        contextDir,
        dockerfile,
        tag: tempImage,
        labels: { 'sct.preflight': 'temporary' },
        signal: interruption.signal,
        endpoint: conn.endpoint,
        ...(source.target ? { target: source.target } : {}),
      });
      if (!build.ok) {
        err(`systemd-container-lint preflight: the build of ${values.dockerfile} failed: ${build.error}`);
        return 2;
      }
      image = tempImage;
    }
    const result = await runPreflight(conn.docker, conn.facts, image, { endpoint: conn.endpoint });
    const { facts: _facts, ...shown } = result;
    if (tempImage) shown.image = values.dockerfile!;
    out(values.format === 'json' ? JSON.stringify(shown, null, 2) : formatPreflight(shown));
    return EXIT[result.verdict];
  } catch (e) {
    if (interruption.received) return interruption.exitCode;
    const message = isEngineError(e) || e instanceof Error ? (e as Error).message : String(e);
    err(`systemd-container-lint preflight: ${message}`);
    return 2;
  } finally {
    if (tempImage && conn)
      await conn.docker
        .getImage(tempImage)
        .remove({ force: true })
        .catch(() => undefined);
    interruption.dispose();
  }
};
