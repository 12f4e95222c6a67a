/**
 * dist/cli.js, the `systemd-container-lint` command. It looks at the first argument before
 * anything else is loaded: a subcommand (`boot` …) runs without the lint core that cli.ts
 * imports (a quarter of a second of module loading on a busy machine, measured in bench/), and
 * anything else is a lint run (cli.ts, loaded then).
 */
import { setFlagsFromString } from 'v8';
import { SUBCOMMANDS, type Subcommand } from './cli/subcommands';

/** The command line: a subcommand by its first argument, else a lint run (cli.ts, loaded only then). */
export function runCommandLine(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const chosen = argv.length > 0 ? SUBCOMMANDS[argv[0]] : undefined;
  if (chosen) return chosen().then((sub: Subcommand) => sub(argv.slice(1), out, err));
  return (require('./cli') as typeof import('./cli')).main(argv, out, err);
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: end quietly, not with an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  // tree-sitter's wasm on V8's baseline compiler only, as in the language server: with the default
  // tiering, the optimizing compile of its lexer (over a second of CPU) starts while the first
  // file is parsed, and a short run waits for it at exit. Liftoff alone lints a file within ~20%.
  setFlagsFromString('--liftoff-only');
  const out = (s: string): void => void process.stdout.write(s + '\n');
  const err = (s: string): void => void process.stderr.write(s + '\n');
  void runCommandLine(process.argv.slice(2), out, err).then((code) => {
    process.exitCode = code;
  });
}
