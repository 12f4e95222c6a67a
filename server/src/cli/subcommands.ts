/**
 * Subcommands, each in its own module and loaded only when named, so that linting never pays
 * for them and they never pay for the lint core (e.g. `boot`, `preflight`, `verify-image`,
 * `security`). Anything else is a lint run. A module is server/src/cli/commands/<name>.ts
 * exporting `run`; the bundle makes it dist/cli-<name>.js, required here as written
 * (scripts/build.mjs, cliCommands), so keep each require's argument a literal './commands/<name>'.
 */
import type { Subcommand } from './subcommandArgs';

export type { Subcommand };

export const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  preflight: async () => (require('./commands/preflight') as { run: Subcommand }).run,
  'verify-image': async () => (require('./commands/verify-image') as { run: Subcommand }).run,
  boot: async () => (require('./commands/boot') as typeof import('./commands/boot')).run,
  security: async () => (require('./commands/security') as typeof import('./commands/security')).run,
};
