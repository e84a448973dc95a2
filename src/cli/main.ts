import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.ts';
import { registerBillingCommands } from './commands/billing.ts';
import { registerClaimCommands } from './commands/claims.ts';
import { registerCohortCommands } from './commands/cohort.ts';
import { registerCoverageCommands } from './commands/coverage.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommands } from './commands/demo.ts';
import { registerEnrolmentCommands } from './commands/enrolment.ts';
import { registerIdCommands } from './commands/id.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerMatchCommands } from './commands/match.ts';
import { registerPaymentCommands } from './commands/payments.ts';
import { registerPemdaCommands } from './commands/pemda.ts';
import { registerPremiumCommand } from './commands/premium.ts';
import { registerProgrammeCommands } from './commands/programmes.ts';
import { registerRegionsCommands } from './commands/regions.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTransferCommands } from './commands/transfers.ts';
import { registerUsersCommands } from './commands/users.ts';
import {
  type CliContext,
  type CommandContext,
  cliLanguage,
  defaultContext,
  EXIT,
  withServices,
  writeLine,
} from './context.ts';

/** A command's action: resolves to the process exit code. */
export type Action<A extends unknown[]> = (...args: A) => Promise<number>;

/**
 * Wires a command's action so its exit code reaches `main`; every command module registers
 * itself through this.
 */
export interface Registrar {
  context: CommandContext;
  action<A extends unknown[]>(run: Action<A>): (...args: A) => Promise<void>;
}

export function buildProgram(context: CliContext): { program: Command; exitCode: () => number } {
  let exitCode: number = EXIT.ok;
  const program = new Command('asuh')
    .description(
      'Asuh: iuran BPJS Ketenagakerjaan yang ditanggung sponsor / sponsored social-security contributions',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .showHelpAfterError();
  const registrar: Registrar = {
    context: withServices(context),
    action:
      (run) =>
      async (...args) => {
        exitCode = await run(...args);
      },
  };
  for (const register of [
    registerServeCommand,
    registerDbCommands,
    registerRegionsCommands,
    registerIdCommands,
    registerPremiumCommand,
    registerPemdaCommands,
    registerUsersCommands,
    registerDemoCommands,
    registerImportCommands,
    registerBillingCommands,
    registerPaymentCommands,
    registerCoverageCommands,
    registerClaimCommands,
    registerEnrolmentCommands,
    registerCohortCommands,
    registerMatchCommands,
    registerProgrammeCommands,
    registerTransferCommands,
  ]) {
    register(program, registrar);
  }
  // Every subcommand reports bad arguments with exit code 2, as the top level does.
  const overrideExits = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) overrideExits(sub);
  };
  overrideExits(program);
  return { program, exitCode: () => exitCode };
}

export async function main(argv: string[], context: CliContext = defaultContext()): Promise<number> {
  const { program, exitCode } = buildProgram(context);
  try {
    await program.parseAsync(argv);
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return helpShown || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof AppError) {
      writeLine(context.stderr, `${error.problem.message[cliLanguage(context.env)]} [${error.problem.code}]`);
      return error.kind === 'invalid' ? EXIT.usage : EXIT.negative;
    }
    writeLine(
      context.stderr,
      `Galat / error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT.failure;
  } finally {
    if ('close' in context && typeof context.close === 'function') await context.close();
  }
}
