// `ramp-roster <command> [args]`: find the command, run it, turn usage errors into a one-line hint and exit code 2.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CommandError, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandIo } from "./command.js";

export function programUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), "help".length);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: ramp-roster <command> [options]",
    "",
    "Commands:",
    ...lines,
    `  ${"help".padEnd(width)}  show this help, or a command's: ramp-roster help <command>`,
    "",
    "Options:",
    "  --version  print the version of ramp-roster",
    "",
    "Run 'ramp-roster <command> --help' for a command's options.",
    "",
  ].join("\n");
}

/** The installed package's version, from its package.json (two folders up from src/cli and dist/cli alike). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Parse a command's arguments with node's util.parseArgs (strict), turning its errors into usage errors. */
export function parseCommandArgs(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): ParsedArgs {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

export async function dispatch(argv: readonly string[], commands: readonly Command[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(programUsage(commands));
    return EXIT_USAGE;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout(`ramp-roster ${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name === "help" || name === "--help" || name === "-h") {
    const topic = commands.find((c) => c.name === rest[0]);
    io.stdout(topic ? topic.usage : programUsage(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`ramp-roster: unknown command '${name}'\n\n${programUsage(commands)}`);
    return EXIT_USAGE;
  }
  const options = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (options.includes("--help") || options.includes("-h")) {
    io.stdout(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CommandError) {
      io.stderr(`ramp-roster ${command.name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (!(e instanceof UsageError)) throw e;
    // The reason and where to look, not the whole help: the reason is what the reader needs, and it stays in view.
    io.stderr(`ramp-roster ${command.name}: ${e.message}\nRun 'ramp-roster ${command.name} --help' for its options.\n`);
    return EXIT_USAGE;
  }
}
