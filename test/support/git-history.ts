// A Git repository in a temporary folder whose history a test writes as GitHub would have made it: commits pushed
// to main, pull requests merged with a merge commit ("Merge pull request #N from ...") or squashed ("Title (#N)").
// Author and committer, and their dates, are the test's, so every commit id is the same on every run.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface Signature {
  name: string;
  email: string;
}

/** GitHub's signature on the merge and squash commits it makes. */
export const GITHUB_SIGNATURE: Signature = { name: "GitHub", email: "noreply@github.com" };

export class GitHistory {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.git("init", "--quiet", "--initial-branch=main");
    this.git("config", "user.name", "Test");
    this.git("config", "user.email", "test@example.invalid");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return this.gitAs(undefined, undefined, ...args);
  }

  private gitAs(author: Signature | undefined, at: { authored: string; committed: string; committer: Signature } | undefined, ...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1" };
    if (author) Object.assign(env, { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email });
    if (at) {
      Object.assign(env, {
        GIT_AUTHOR_DATE: at.authored,
        GIT_COMMITTER_DATE: at.committed,
        GIT_COMMITTER_NAME: at.committer.name,
        GIT_COMMITTER_EMAIL: at.committer.email,
      });
    }
    return execFileSync("git", args, { cwd: this.dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  }

  /** Writes (or, for null, deletes) files, relative to the repository. */
  write(files: Record<string, string | null>): void {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (text === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
  }

  /** Commits the files on the current branch; returns the commit id. */
  commit(message: string, author: Signature, date: string, files: Record<string, string | null>, committer: Signature = author): string {
    this.write(files);
    this.git("add", "--all");
    this.gitAs(author, { authored: date, committed: date, committer }, "commit", "--quiet", "--allow-empty", "-m", message);
    return this.head();
  }

  head(): string {
    return this.git("rev-parse", "HEAD");
  }

  /** A branch from main's tip, with one commit per change; back on main after. Returns the branch's last commit. */
  branch(name: string, changes: { message: string; author: Signature; date: string; files: Record<string, string | null> }[]): string {
    this.git("checkout", "--quiet", "-b", name, "main");
    for (const c of changes) this.commit(c.message, c.author, c.date, c.files);
    const tip = this.head();
    this.git("checkout", "--quiet", "main");
    return tip;
  }

  /** GitHub's "Create a merge commit": returns the merge commit. */
  mergePullRequest(number: number, branch: string, date: string, merger: Signature = GITHUB_SIGNATURE): string {
    this.gitAs(merger, { authored: date, committed: date, committer: GITHUB_SIGNATURE }, "merge", "--quiet", "--no-ff", "-m", `Merge pull request #${number} from acme/${branch}`, branch);
    return this.head();
  }

  /** GitHub's "Squash and merge": one commit on main by the pull request's author, titled "Title (#N)". */
  squashPullRequest(number: number, title: string, author: Signature, date: string, files: Record<string, string | null>): string {
    return this.commit(`${title} (#${number})`, author, date, files, GITHUB_SIGNATURE);
  }
}
