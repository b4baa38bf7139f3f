// When each roster user's invite went out, approximately. Ramp's user object has no invite or creation date, so the
// report uses the roster's history instead: the commit that last changed the line with the user's email (git blame).
// The program invites a user when the change that adds them is applied, which is at or after that commit; a pending
// invite is therefore at most that old, give or take the time the pull request was open.
import { execFileSync } from "node:child_process";
import { basename, dirname } from "node:path";
import type { Roster } from "../roster/index.js";

interface BlamedLine {
  committedAt: Date;
  text: string;
}

/** `git blame --line-porcelain` of a file, by line (1-based); undefined when git cannot blame it. */
function blame(file: string): Map<number, BlamedLine> | undefined {
  let output: string;
  try {
    output = execFileSync("git", ["blame", "--line-porcelain", "--", basename(file)], {
      cwd: dirname(file),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return undefined; // not in a git work tree, or not committed yet
  }
  const lines = new Map<number, BlamedLine>();
  let line = 0;
  let time = 0;
  for (const row of output.split("\n")) {
    const header = /^[0-9a-f]{40} \d+ (\d+)/.exec(row);
    if (header) line = Number(header[1]);
    else if (row.startsWith("committer-time ")) time = Number(row.slice("committer-time ".length));
    else if (row.startsWith("\t")) lines.set(line, { committedAt: new Date(time * 1000), text: row.slice(1) });
  }
  return lines;
}

/**
 * Email key → the commit date of the line holding the user's email (from the user's first line up to the next
 * user's). Users in files git cannot blame are left out.
 */
export function inviteDatesFromGit(roster: Roster): Map<string, Date> {
  const dates = new Map<string, Date>();
  for (const file of roster.files) {
    const lines = blame(file);
    if (!lines) continue;
    const users = roster.users.filter((u) => u.source.file === file).sort((a, b) => a.source.line - b.source.line);
    users.forEach((user, i) => {
      const end = users[i + 1]?.source.line ?? Number.POSITIVE_INFINITY;
      let found: BlamedLine | undefined;
      for (let n = user.source.line; n < end && lines.has(n); n++) {
        const line = lines.get(n)!;
        if (/\bemail\s*:/.test(line.text) && line.text.toLowerCase().includes(user.key)) {
          found = line;
          break;
        }
      }
      const at = found ?? lines.get(user.source.line);
      if (at) dates.set(user.key, at.committedAt);
    });
  }
  return dates;
}
