// The subcommands of `ramp-roster`. To add one (export, report), write it in its own file and list it here.
import type { Command } from "./command.js";
import { validateCommand } from "./validate.js";

export const commands: readonly Command[] = [validateCommand];
