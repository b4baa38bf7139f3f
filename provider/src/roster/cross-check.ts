// Checks across the whole roster (all files of a folder): duplicates, references, manager cycles, and what
// Ramp refuses through its API. Each issue is reported at the value that causes it.
import type { DepartmentEntry, LocationEntry, UserEntry } from "./entries.js";
import { emailKey } from "./email.js";
import { error, warning } from "./errors.js";
import type { RosterIssue, SourcePosition } from "./model.js";
import { startOfFile } from "./positions.js";
import { describeRole } from "./roles.js";
import { didYouMean } from "./suggest.js";

export interface CrossCheckInput {
  files: readonly string[];
  departments: readonly DepartmentEntry[];
  locations: readonly LocationEntry[];
  users: readonly UserEntry[];
  /**
   * false when a file could not be read or parsed: what it declares is unknown, so "unknown department /
   * location / manager" and "no users" are not reported (they could be false).
   */
  complete: boolean;
}

/** "line 4" in the same file, "team/eng.yaml:4" in another. */
function where(first: SourcePosition, here: SourcePosition): string {
  return first.file === here.file ? `line ${first.line}` : `${first.file}:${first.line}`;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string | undefined, report: (dup: T, first: T) => void): void {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, item);
    else report(item, first);
  }
}

function checkDuplicates(input: CrossCheckInput, out: RosterIssue[]): void {
  for (const [kind, list] of [
    ["department", input.departments],
    ["location", input.locations],
  ] as const) {
    duplicates<DepartmentEntry>(list, (e) => e.name.toLowerCase(), (dup, first) => {
      const spelt = first.name === dup.name ? "" : ` as '${first.name}'`;
      out.push(error(dup.at, `duplicate ${kind} '${dup.name}' (first declared${spelt} at ${where(first.at, dup.at)})`));
    });
  }
  duplicates(input.users, (u) => (u.email ? emailKey(u.email.value) : undefined), (dup, first) => {
    if (!dup.email || !first.email) return;
    const spelt = first.email.value === dup.email.value ? "" : ` as '${first.email.value}'`;
    out.push(error(dup.email.at, `duplicate email '${dup.email.value}' (first used${spelt} at ${where(first.email.at, dup.email.at)})`));
  });
}

function checkReference(
  kind: "department" | "location",
  ref: { value: string; at: SourcePosition } | undefined,
  declared: readonly string[],
  out: RosterIssue[],
): void {
  if (!ref || declared.includes(ref.value)) return;
  const hint = didYouMean(ref.value, declared);
  out.push(error(ref.at, `unknown ${kind} '${ref.value}'${hint || `: declare it under '${kind}s'`}`));
}

/** The first user entry of each email: the one duplicates are compared against. */
function usersByKey(users: readonly UserEntry[]): Map<string, UserEntry> {
  const byKey = new Map<string, UserEntry>();
  for (const user of users) {
    if (user.email && !byKey.has(emailKey(user.email.value))) byKey.set(emailKey(user.email.value), user);
  }
  return byKey;
}

function checkUser(user: UserEntry, byKey: Map<string, UserEntry>, input: CrossCheckInput, out: RosterIssue[]): void {
  if (input.complete) {
    checkReference("department", user.department, input.departments.map((d) => d.name), out);
    checkReference("location", user.location, input.locations.map((l) => l.name), out);
  }
  if (user.role?.value === "BUSINESS_OWNER") {
    out.push(
      error(
        user.role.at,
        `role ${describeRole("BUSINESS_OWNER")} cannot be invited or assigned through Ramp's API: ` +
          "leave the business owner out of the roster, or choose another role",
      ),
    );
  }
  const manager = user.manager;
  if (!manager) return;
  if (user.role?.value === "BUSINESS_ADMIN") {
    out.push(
      error(manager.at, `Ramp refuses a manager on an ${describeRole("BUSINESS_ADMIN")} through its API: remove 'manager' from this user`),
    );
  }
  const key = emailKey(manager.value);
  if (user.email && key === emailKey(user.email.value)) {
    out.push(error(manager.at, `${user.email.value} cannot be their own manager`));
    return;
  }
  const target = byKey.get(key);
  if (!target) {
    if (!input.complete) return;
    const emails = [...byKey.values()].flatMap((u) => (u.email ? [u.email.value] : []));
    out.push(error(manager.at, `unknown manager '${manager.value}': no user in the roster has this email${didYouMean(manager.value, emails, 2)}`));
  } else if (!target.active.value) {
    out.push(
      warning(manager.at, `manager '${manager.value}' is inactive (active: false at ${where(target.active.at, manager.at)})`),
    );
  }
}

/** Each cycle of managers once, at the `manager:` of its first member in roster order: "a → b → a". */
function checkCycles(users: readonly UserEntry[], byKey: Map<string, UserEntry>, out: RosterIssue[]): void {
  const managerOf = (user: UserEntry): UserEntry | undefined => {
    const target = user.manager ? byKey.get(emailKey(user.manager.value)) : undefined;
    return target === user ? undefined : target;
  };
  const done = new Set<UserEntry>();
  for (const start of byKey.values()) {
    const path: UserEntry[] = [];
    let current: UserEntry | undefined = start;
    while (current && !done.has(current) && !path.includes(current)) {
      path.push(current);
      current = managerOf(current);
    }
    if (current && path.includes(current)) {
      const cycle = path.slice(path.indexOf(current));
      const first = cycle.reduce((a, b) => (users.indexOf(b) < users.indexOf(a) ? b : a));
      const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
      const chain = rotated.map((u) => u.email?.value ?? "?").join(" → ");
      if (first.manager) out.push(error(first.manager.at, `manager cycle: ${chain}`));
    }
    for (const user of path) done.add(user);
  }
}

export function crossCheck(input: CrossCheckInput): RosterIssue[] {
  const out: RosterIssue[] = [];
  checkDuplicates(input, out);
  const byKey = usersByKey(input.users);
  for (const user of input.users) checkUser(user, byKey, input, out);
  checkCycles(input.users, byKey, out);
  if (input.complete && input.users.length === 0) {
    out.push(warning(startOfFile(input.files[0] ?? "roster"), "the roster has no users"));
  }
  return out;
}
