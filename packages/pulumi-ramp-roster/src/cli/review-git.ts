// Who gave each person their access, from the roster's Git history. Three `git` runs, each one pass, whatever the
// size of the history: the commit graph; the authors of the commits that changed the roster; and the roster's diffs
// on the main line (`--first-parent`: a merged pull request is one change, its merge commit against the main line
// before it), which are replayed in memory. The replay follows each person's state (in the roster or not, active or
// not, the role in effect, the file's `defaults.role` included) and records the commit at which it changed: added,
// made active again, given another role, removed or set `active: false`. Moving a person between files in one commit
// changes nothing. Lines are read with a small scanner of the block YAML a roster is written in; the caller checks
// the replay's final state against the parsed roster and treats any person where they differ as of unknown origin.
import { spawn } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { emailKey } from "../ramp-facts.js";
import { toApiRole } from "../roster/index.js";

export interface GitPerson {
  name: string;
  email: string;
}

/** How a change reached the main line. */
export type ChangeKind = "merge" | "squash" | "direct";

export interface RosterCommit {
  /** The main-line commit: a merge commit, a squashed pull request, or a commit pushed to the branch. */
  sha: string;
  /** When it reached the main line: the committer date of that commit (ISO 8601, as git gives it). */
  mergedAt: string;
  /** Who wrote the change: the commit's author; for a merge, the authors of the merged commits that changed the roster. */
  authors: GitPerson[];
  subject: string;
  /** The pull request the commit message names (`Merge pull request #N`, or a squash's `(#N)`); null when none. */
  pullRequest: number | null;
  kind: ChangeKind;
}

export interface PersonChange {
  commit: RosterCommit;
  /** added, reactivated (active again), role (another role), removed (from the roster), deactivated (`active: false`) */
  what: "added" | "reactivated" | "role" | "removed" | "deactivated";
  /** The role in effect after the change (API name, or as written when unknown). */
  role?: string;
}

export interface PersonHistory {
  /** The last change that gave access: added to the roster as active, or made active again. */
  granted?: PersonChange;
  /** The change that gave the role in effect now: the grant, or a later change of role. */
  role?: PersonChange;
  /** The last change that took access away: removed from the roster, or `active: false`. */
  removed?: PersonChange;
  /** The state at the end of the history, for the caller to check against the parsed roster. */
  final: { present: boolean; active: boolean; role?: string };
}

export interface RosterHistory {
  /** The commit the history ends at (HEAD). */
  head: string;
  /** Main-line commits that changed the roster, oldest first. */
  commits: RosterCommit[];
  /** By email key. */
  people: Map<string, PersonHistory>;
}

/** Git could not be run or read, or the repository cannot give the whole history: the review cannot be made. */
export class GitHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitHistoryError";
  }
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", ["-c", "core.quotePath=false", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (e) => reject(new GitHistoryError(`cannot run git: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out).toString("utf8"));
      else reject(new GitHistoryError(`git ${args[0]} failed: ${Buffer.concat(err).toString("utf8").trim() || `exit ${code}`}`));
    });
  });
}

/** The repository a roster is in, its files as paths from the repository's top, and the commit checked out. */
export interface RosterRepository {
  top: string;
  head: string;
  /** Pathspecs of the roster: its file, or its folder's `*.yaml` and `*.yml` files (not those of subfolders). */
  pathspecs: string[];
  /** A roster file path (as the loader names it) → the path from the repository's top. */
  fromTop(file: string): string;
}

/** `rosterPath` is a file or a folder, as given to the roster loader. Fails when it is not in a whole Git history. */
export async function openRosterRepository(rosterPath: string, isFolder: boolean): Promise<RosterRepository> {
  const dir = isFolder ? rosterPath : dirname(rosterPath);
  let top: string;
  try {
    top = realpathSync((await git(dir, ["rev-parse", "--show-toplevel"])).trim());
  } catch (e) {
    throw new GitHistoryError(`the roster ${rosterPath} is not in a Git repository (${(e as Error).message}); run the review in the roster's repository`);
  }
  if ((await git(top, ["rev-parse", "--is-shallow-repository"])).trim() === "true") {
    throw new GitHistoryError("the repository is a shallow clone, so the roster's history is cut short: fetch all of it (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)");
  }
  const head = (await git(top, ["rev-parse", "--verify", "HEAD"])).trim();
  const fromTop = (file: string) => relative(top, realpathSync(resolve(file))).split("\\").join("/");
  const base = fromTop(rosterPath);
  const pathspecs = isFolder
    ? [`:(glob,icase)${base === "" ? "" : `${base}/`}*.yaml`, `:(glob,icase)${base === "" ? "" : `${base}/`}*.yml`]
    : [`:(literal)${base}`];
  return { top, head, pathspecs, fromTop };
}

/** Roster files that differ from HEAD (changed, staged or untracked): the review is made from a commit. */
export async function uncommittedRosterFiles(repo: RosterRepository): Promise<string[]> {
  const out = await git(repo.top, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...repo.pathspecs]);
  return out
    .split("\0")
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3))
    .sort();
}

// ---- the scanner: which person a roster line belongs to, and what their block says --------------------------------

interface Line {
  text: string;
}

const indentOf = (text: string): number => text.length - text.trimStart().length;
const isBlank = (text: string): boolean => {
  const t = text.trim();
  return t === "" || t.startsWith("#");
};
const ITEM = /^(\s*)-(?:\s|$)/;
const TOP_LEVEL_KEY = /^[^\s#-]/;

/** A plain, single- or double-quoted scalar, without a trailing comment. */
function scalar(raw: string): string {
  const text = raw.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(text);
  if (quoted) return quoted[1] !== undefined ? quoted[1].replace(/\\(.)/g, "$1") : quoted[2]!.replace(/''/g, "'");
  return text.replace(/\s+#.*$/, "").trim();
}

/** `key: value` pairs of a flow mapping written on one line (`{email: a@b.c, role: Admin}`). */
function flowPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const body = text.slice(text.indexOf("{") + 1, text.lastIndexOf("}") >= 0 ? text.lastIndexOf("}") : undefined);
  for (const m of body.matchAll(/([A-Za-z]+)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}]*)/g)) pairs.set(m[1]!, scalar(m[2]!));
  return pairs;
}

/** The keys of a user item written as a block mapping or a one-line flow mapping: only those the replay needs. */
interface Block {
  key?: string;
  role?: string;
  active: boolean;
}

const WANTED = new Set(["email", "role", "active"]);

/** The mapping of the sequence item starting at line `start` (its dash at `dash` columns). */
function readItem(lines: readonly Line[], start: number, dash: number): Block {
  const fields = new Map<string, string>();
  const first = lines[start]!.text;
  const afterDash = first.slice(dash + 1);
  const content = afterDash.trimStart();
  if (content.startsWith("{")) {
    for (const [k, v] of flowPairs(content)) if (WANTED.has(k)) fields.set(k, v);
  } else {
    let keyIndent = content === "" || content.startsWith("#") ? -1 : dash + 1 + (afterDash.length - content.length);
    const take = (text: string) => {
      const m = /^([A-Za-z]+)\s*:(?:\s+(.*))?$/.exec(text.trim());
      if (m && WANTED.has(m[1]!) && !fields.has(m[1]!)) fields.set(m[1]!, scalar(m[2] ?? ""));
    };
    if (keyIndent >= 0) take(content);
    for (let i = start + 1; i < lines.length; i++) {
      const text = lines[i]!.text;
      if (isBlank(text)) continue;
      const indent = indentOf(text);
      if (indent <= dash) break;
      if (keyIndent < 0) keyIndent = indent;
      if (indent === keyIndent) take(text);
    }
  }
  const block: Block = { active: fields.get("active")?.toLowerCase() !== "false" };
  const email = fields.get("email");
  if (email) block.key = emailKey(email);
  const role = fields.get("role");
  if (role) block.role = role;
  return block;
}

type Owner = { kind: "user"; key: string; start: number } | { kind: "defaults" } | undefined;

/** Whose line `i` is: a user's (the item holding it has an `email`), the file's `defaults`, or nobody's. */
function ownerOf(lines: readonly Line[], i: number, items: Map<number, Block>): Owner {
  let limit = Number.POSITIVE_INFINITY;
  for (let j = i; j >= 0; j--) {
    const text = lines[j]!.text;
    if (isBlank(text)) continue;
    if (TOP_LEVEL_KEY.test(text)) return /^defaults\s*:/.test(text) ? { kind: "defaults" } : undefined;
    const item = ITEM.exec(text);
    const indent = indentOf(text);
    if (item && (j === i || item[1]!.length < limit)) {
      const dash = item[1]!.length;
      let block = items.get(j);
      if (!block) items.set(j, (block = readItem(lines, j, dash)));
      if (block.key) return { kind: "user", key: block.key, start: j };
      limit = dash;
    } else if (j === i) limit = indent;
  }
  return undefined;
}

/** The `role` under the file's top-level `defaults:` (block or flow), if any. */
function defaultsRole(lines: readonly Line[]): string | undefined {
  const at = lines.findIndex((l) => /^defaults\s*:/.test(l.text));
  if (at < 0) return undefined;
  const rest = lines[at]!.text.replace(/^defaults\s*:/, "").trim();
  if (rest.startsWith("{")) return flowPairs(rest).get("role");
  let keyIndent = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (isBlank(text)) continue;
    const indent = indentOf(text);
    if (indent === 0) break;
    if (keyIndent < 0) keyIndent = indent;
    const m = /^\s*role\s*:\s*(.*)$/.exec(text);
    if (m && indent === keyIndent) return scalar(m[1]!);
  }
  return undefined;
}

// ---- reading git's output -------------------------------------------------------------------------------------------

const COMMIT_MARK = "\u001eCOMMIT\u001f";

/** A path git wrote in C quotes (`"a/r\303\251sum\303\251.yaml"`): its bytes back as text. */
function unquotePath(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

const pullRequestOf = (subject: string): { number: number | null; merge: boolean } => {
  const merge = /^Merge pull request #(\d+) from /.exec(subject);
  if (merge) return { number: Number(merge[1]), merge: true };
  const squash = /\(#(\d+)\)\s*$/.exec(subject);
  return { number: squash ? Number(squash[1]) : null, merge: false };
};

interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  added: string[];
}

interface FileDiff {
  path: string;
  deleted: boolean;
  hunks: Hunk[];
}

interface LoggedCommit {
  sha: string;
  parents: string[];
  author: GitPerson;
  committedAt: string;
  subject: string;
  files: FileDiff[];
}

/** `git log -p -U0` output → commits with their file diffs. Hunks are read by their line counts, not by prefixes. */
function parseLog(output: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  const lines = output.split("\n");
  let commit: LoggedCommit | undefined;
  let file: FileDiff | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(COMMIT_MARK)) {
      const [sha, parents, name, email, committedAt, ...subject] = line.slice(COMMIT_MARK.length).split("\u001f");
      commit = { sha: sha!, parents: parents ? parents.split(" ").filter(Boolean) : [], author: { name: name!, email: email! }, committedAt: committedAt!, subject: subject.join("\u001f"), files: [] };
      commits.push(commit);
      file = undefined;
    } else if (line.startsWith("diff --git ")) {
      file = { path: "", deleted: false, hunks: [] };
      commit?.files.push(file);
    } else if (file && line.startsWith("--- ") && file.hunks.length === 0) {
      const path = unquotePath(line.slice(4));
      if (path !== "/dev/null") file.path = path.replace(/^a\//, "");
    } else if (file && line.startsWith("+++ ") && file.hunks.length === 0) {
      const path = unquotePath(line.slice(4));
      if (path === "/dev/null") file.deleted = true;
      else file.path = path.replace(/^b\//, "");
    } else if (file && line.startsWith("@@ ")) {
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) throw new GitHistoryError(`cannot read git's diff output: ${line}`);
      const hunk: Hunk = { oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]), newStart: Number(m[3]), added: [] };
      const newCount = m[4] === undefined ? 1 : Number(m[4]);
      let removed = 0;
      while (removed < hunk.oldCount || hunk.added.length < newCount) {
        const body = lines[++i];
        if (body === undefined) throw new GitHistoryError("git's diff output ended inside a hunk");
        if (body.startsWith("\\")) continue; // "\ No newline at end of file"
        if (body.startsWith("-") && removed < hunk.oldCount) removed++;
        else if (body.startsWith("+")) hunk.added.push(body.slice(1).replace(/\r$/, ""));
        else throw new GitHistoryError(`cannot read git's diff output: ${body}`);
      }
      file.hunks.push(hunk);
    }
  }
  return commits;
}

// ---- the replay -----------------------------------------------------------------------------------------------------

interface PersonState {
  present: boolean;
  active: boolean;
  file?: string;
  /** As written on the user; the file's default applies when absent. */
  explicitRole?: string;
  /** The role in effect when this state was recorded (a later change of the file's default changes it). */
  role?: string;
}

const normalRole = (role: string | undefined): string | undefined => (role === undefined ? undefined : (toApiRole(role) ?? role));

export interface ReadHistoryOptions {
  /** Progress or timing hook for benchmarks; unused otherwise. */
  onStep?(step: string): void;
}

/** The history of everyone who has ever been in the roster, from the roster repository's main line up to HEAD. */
export async function readRosterHistory(repo: RosterRepository, options: ReadHistoryOptions = {}): Promise<RosterHistory> {
  const format = `--format=${COMMIT_MARK}%H%x1f%P%x1f%an%x1f%ae%x1f%cI%x1f%s`;
  const [graphText, authorsText, logText] = await Promise.all([
    git(repo.top, ["log", "--format=%H%x1f%P", "HEAD"]),
    git(repo.top, ["log", "--full-history", "--no-merges", "--format=%H%x1f%an%x1f%ae", "HEAD", "--", ...repo.pathspecs]),
    git(repo.top, ["log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", format, "HEAD", "--", ...repo.pathspecs]),
  ]);
  options.onStep?.("git");

  // Which main-line commit brought each commit in: walk the main line from its root, each commit claiming the
  // ancestors no earlier main-line commit had.
  const parents = new Map<string, string[]>();
  for (const row of graphText.split("\n")) {
    if (row === "") continue;
    const [sha, list] = row.split("\u001f");
    parents.set(sha!, list ? list.split(" ").filter(Boolean) : []);
  }
  const mainLine: string[] = [];
  for (let sha: string | undefined = repo.head; sha !== undefined; sha = parents.get(sha)?.[0]) mainLine.push(sha);
  mainLine.reverse();
  const broughtBy = new Map<string, string>();
  for (const main of mainLine) {
    const stack = [main];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (broughtBy.has(sha)) continue;
      broughtBy.set(sha, main);
      for (const p of parents.get(sha) ?? []) if (!broughtBy.has(p)) stack.push(p);
    }
  }
  const authorsByMain = new Map<string, GitPerson[]>();
  for (const row of authorsText.split("\n")) {
    if (row === "") continue;
    const [sha, name, email] = row.split("\u001f");
    const main = broughtBy.get(sha!);
    if (!main) continue;
    const list = authorsByMain.get(main) ?? [];
    if (!list.some((p) => p.email.toLowerCase() === email!.toLowerCase())) list.push({ name: name!, email: email! });
    authorsByMain.set(main, list);
  }

  const logged = parseLog(logText);
  options.onStep?.("parse");
  const files = new Map<string, Line[]>();
  const fileDefaults = new Map<string, string | undefined>();
  const emailLines = new Map<string, Set<Line>>();
  const lineFile = new WeakMap<Line, string>();
  const states = new Map<string, PersonState>();
  const people = new Map<string, PersonHistory>();
  const commits: RosterCommit[] = [];

  const historyOf = (key: string): PersonHistory => {
    let h = people.get(key);
    if (!h) people.set(key, (h = { final: { present: false, active: false } }));
    return h;
  };
  const roleOf = (s: PersonState): string | undefined => normalRole(s.explicitRole ?? (s.file === undefined ? undefined : fileDefaults.get(s.file)));
  const isEmailLine = (text: string, key: string) => /(?:^|[{,]|-)\s*email\s*:/.test(text) && text.toLowerCase().includes(key);

  for (const c of logged) {
    const pr = pullRequestOf(c.subject);
    const merge = c.parents.length > 1;
    const commit: RosterCommit = {
      sha: c.sha,
      mergedAt: c.committedAt,
      authors: merge ? (authorsByMain.get(c.sha) ?? [c.author]) : [c.author],
      subject: c.subject,
      pullRequest: pr.number,
      kind: merge ? "merge" : pr.number !== null ? "squash" : "direct",
    };
    commits.push(commit);
    const touched = new Set<string>();
    const located = new Map<string, { file: string; start: number }>();
    const defaultsTouched = new Set<string>();

    for (const diff of c.files) {
      if (diff.path === "") continue;
      const lines = files.get(diff.path) ?? [];
      const before = new Map<number, Block>();
      for (const hunk of diff.hunks) {
        for (let k = 0; k < hunk.oldCount; k++) {
          const index = hunk.oldStart - 1 + k;
          const owner = ownerOf(lines, index, before);
          if (owner?.kind === "defaults") defaultsTouched.add(diff.path);
          else if (owner?.kind === "user") {
            touched.add(owner.key);
            const line = lines[index]!;
            if (isEmailLine(line.text, owner.key)) emailLines.get(owner.key)?.delete(line);
          }
        }
      }
      // Apply the hunks (their old line numbers, shifted by what earlier hunks added or removed).
      let shift = 0;
      const addedAt: number[] = [];
      for (const hunk of diff.hunks) {
        const at = (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1) + shift;
        const added = hunk.added.map((text) => {
          const line = { text };
          lineFile.set(line, diff.path);
          return line;
        });
        lines.splice(at, hunk.oldCount, ...added);
        for (let k = 0; k < added.length; k++) addedAt.push(at + k);
        shift += added.length - hunk.oldCount;
      }
      if (diff.deleted) files.delete(diff.path);
      else files.set(diff.path, lines);
      const after = new Map<number, Block>();
      for (const index of addedAt) {
        const owner = ownerOf(lines, index, after);
        if (owner?.kind === "defaults") defaultsTouched.add(diff.path);
        else if (owner?.kind === "user" && !diff.deleted) {
          touched.add(owner.key);
          located.set(owner.key, { file: diff.path, start: owner.start });
          const line = lines[index]!;
          if (isEmailLine(line.text, owner.key)) {
            const set = emailLines.get(owner.key) ?? new Set<Line>();
            set.add(line);
            emailLines.set(owner.key, set);
          }
        }
      }
    }

    for (const path of defaultsTouched) {
      const lines = files.get(path);
      const role = lines ? defaultsRole(lines) : undefined;
      if (role === fileDefaults.get(path)) continue;
      fileDefaults.set(path, role);
      for (const [key, s] of states) if (s.file === path && s.explicitRole === undefined) touched.add(key);
    }

    for (const key of touched) {
      const old = states.get(key) ?? { present: false, active: false };
      // Where the person is now: the block an added line showed, else their email line's block wherever it is.
      let place = located.get(key);
      if (!place || !files.has(place.file)) {
        place = undefined;
        for (const line of emailLines.get(key) ?? []) {
          const file = lineFile.get(line)!;
          const lines = files.get(file);
          const index = lines ? lines.indexOf(line) : -1;
          if (index < 0) continue;
          const owner = ownerOf(lines!, index, new Map());
          if (owner?.kind === "user" && owner.key === key) {
            place = { file, start: owner.start };
            break;
          }
        }
      }
      let now: PersonState = { present: false, active: false };
      if (place) {
        const lines = files.get(place.file)!;
        const block = readItem(lines, place.start, ITEM.exec(lines[place.start]!.text)![1]!.length);
        now = { present: true, active: block.active, file: place.file, ...(block.role !== undefined ? { explicitRole: block.role } : {}) };
        const effective = roleOf(now);
        if (effective !== undefined) now.role = effective;
      }
      states.set(key, now);
      const wasActive = old.present && old.active;
      const isActive = now.present && now.active;
      const role = now.role;
      const h = historyOf(key);
      if (!wasActive && isActive) {
        h.granted = { commit, what: old.present ? "reactivated" : "added", ...(role ? { role } : {}) };
        h.role = h.granted;
      } else if (wasActive && !isActive) {
        h.removed = { commit, what: now.present ? "deactivated" : "removed" };
      } else if (now.present && role !== old.role) {
        h.role = { commit, what: "role", ...(role ? { role } : {}) };
      }
    }
  }

  for (const [key, s] of states) {
    const h = historyOf(key);
    h.final = { present: s.present, active: s.active, ...(s.role ? { role: s.role } : {}) };
  }
  options.onStep?.("replay");
  return { head: repo.head, commits, people };
}
