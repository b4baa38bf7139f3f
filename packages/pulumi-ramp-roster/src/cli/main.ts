#!/usr/bin/env node
// The `ramp-roster` command: a thin wrapper running the dispatcher against the real process.
import { commands } from "./commands.js";
import { dispatch } from "./dispatch.js";

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

dispatch(process.argv.slice(2), commands, io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ramp-roster: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
