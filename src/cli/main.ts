/**
 * `docsphere` command line. Each subcommand lives in its own file and exports a factory that
 * returns a commander `Command`, so adding one is an import plus one `addCommand` line below.
 * Subcommands throw; this file alone turns errors into stderr text and an exit code, so every
 * subcommand fails the same way (`CODE: message`, sysexits-style status).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { reportError } from './errors.js';
import { extractCommand } from './extract.js';
import { loginCommand } from './login.js';
import { lsCommand } from './ls.js';
import { rmCommand } from './rm.js';
import { searchCommand } from './search.js';
import { tagCommand } from './tag.js';
import { uploadCommand } from './upload.js';

const program = new Command('docsphere')
  .description('Docsphere document server: convert, upload and search documents')
  .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
  .showHelpAfterError()
  .exitOverride();

program.addCommand(extractCommand());
program.addCommand(loginCommand());
program.addCommand(uploadCommand());
program.addCommand(searchCommand());
program.addCommand(lsCommand());
program.addCommand(rmCommand());
program.addCommand(tagCommand());

// addCommand (unlike .command) does not pass settings down: without this a subcommand's usage
// error would call process.exit itself.
for (const command of program.commands) command.copyInheritedSettings(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // --help and --version also arrive here (as CommanderError with exit code 0).
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : 64;
  else process.exitCode = reportError(err);
}
