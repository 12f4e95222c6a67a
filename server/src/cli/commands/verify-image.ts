/**
 * systemd-container-lint verify-image [--format text|json] [--dockerfile PATH] [--context DIR] IMAGE
 *
 * Runs the image's own `systemd-analyze verify` on the units the image adds or changes
 * (shared/engine/verifyImage.ts), in a container that never boots, and shows each finding
 * at the build context file and line it came from. Exit: 0 no findings, 1 findings, 2 usage or
 * engine error, or an image without systemd-analyze.
 */
import * as path from 'path';
import { verifyImage, type VerifyResult } from '../../../../shared/engine/verifyImage';
import { connectEngine, interruptible } from '../engine';
import type { Subcommand } from '../subcommandArgs';
import { IMAGE_SOURCE_OPTIONS, parseSubcommandArgs } from '../subcommandArgs';

const USAGE = `Usage: systemd-container-lint verify-image [options] IMAGE

Runs IMAGE's own systemd-analyze verify on the unit files the image adds or changes
compared with its base (the Dockerfile's FROM), in a throwaway container that never
boots, and maps each finding through the Dockerfile's COPY/ADD to the source file.

Options:
  --format text|json   output format (default: text)
  --dockerfile PATH    the Dockerfile IMAGE was built from (source files and base image)
  --context DIR        its build context (default: the Dockerfile's folder)
  --target STAGE       the Dockerfile's stage IMAGE was built from (default: the last)
  --host URI           engine (default: DOCKER_HOST, the Docker context, the default socket)
  -h, --help           show this help

Exit status: 0 no findings, 1 findings, 2 usage or engine error, or no systemd-analyze in IMAGE.`;

function formatText(r: VerifyResult, cwd: string): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    const where = f.source
      ? `${path.relative(cwd, f.source.file) || f.source.file}${f.line ? `:${f.line}` : ''}`
      : `${r.image}:${f.unit}${f.line ? `:${f.line}` : ''}`;
    const via = f.source
      ? ` [${f.unit} in the image, from line ${f.source.instructionLine}: ${f.source.instruction}]`
      : '';
    lines.push(`${where}: ${f.severity}: ${f.message}${via}`);
  }
  lines.push(
    `${r.image}: ${r.analyzed.length} unit file(s) ` +
      `verified${r.base ? ` (compared with ${r.base})` : ''}, ${r.findings.length} finding(s).`,
  );
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export const run: Subcommand = async (argv, out, err) => {
  const parsed = parseSubcommandArgs(
    { name: 'verify-image', usage: USAGE, options: IMAGE_SOURCE_OPTIONS },
    argv,
    out,
    err,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    err(`systemd-container-lint verify-image: give one IMAGE\n\n${USAGE}`);
    return 2;
  }
  const interruption = interruptible(() => 'A container labelled sct.probe=verify-image may be left.', err);
  try {
    const conn = await connectEngine({ ...(values.host ? { host: values.host } : {}), signal: interruption.signal });
    const result = await verifyImage(conn.docker, positionals[0], {
      endpoint: conn.endpoint,
      ...(values.dockerfile ? { dockerfile: path.resolve(values.dockerfile) } : {}),
      ...(values.context ? { contextDir: path.resolve(values.context) } : {}),
      ...(values.target ? { target: values.target } : {}),
    });
    out(values.format === 'json' ? JSON.stringify(result, null, 2) : formatText(result, process.cwd()));
    if (!result.analyzerFound) {
      err(
        `systemd-container-lint verify-image: ${positionals[0]} has no systemd-analyze; its units cannot be ` +
          'verified with its own systemd.',
      );
      return 2;
    }
    return result.findings.length ? 1 : 0;
  } catch (e) {
    if (interruption.received) return interruption.exitCode;
    err(`systemd-container-lint verify-image: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  } finally {
    interruption.dispose();
  }
};
