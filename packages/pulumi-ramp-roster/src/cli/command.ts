// What a `ramp-roster` subcommand is. Each one lives in its own file and is listed in commands.ts.

/** Where a command writes; tests pass their own. Each call writes the text as given (add "\n" yourself). */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The environment commands read (credentials); default process.env. Tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /** All of standard input; default: the process's. */
  readStdin?(): Promise<string>;
  /** The folder a command works in (the Pulumi project's, where the roster is found); default the process's. */
  cwd?: string;
  /** The clock of reports and exports; default the system's. */
  now?(): Date;
}

export interface Command {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** The command's usage text, printed by `--help` (a usage error prints its reason and points there). */
  usage: string;
  /** The exit code: 0 success, 1 the check or action failed, 2 usage error (throw a UsageError for that). */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** A mistake on the command line: the dispatcher prints the message and a pointer to `--help`, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command that cannot do its work (Ramp unreachable, a file it cannot write): the dispatcher prints the message. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CommandError";
  }
}
