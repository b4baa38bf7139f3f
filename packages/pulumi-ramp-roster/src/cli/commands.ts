// The subcommands of `ramp-roster`. To add one, write it in its own file and list it here.
import type { Command } from "./command.js";
import { changedCommand } from "./changed.js";
import { exportCommand } from "./export.js";
import { githubCommentCommand, githubIssueCommand } from "./github.js";
import { planCommand } from "./plan.js";
import { reportCommand } from "./report.js";
import { reviewCommand } from "./review.js";
import { validateCommand } from "./validate.js";

export const commands: readonly Command[] = [validateCommand, exportCommand, planCommand, reportCommand, changedCommand, githubCommentCommand, githubIssueCommand, reviewCommand];
