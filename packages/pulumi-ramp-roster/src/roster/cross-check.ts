// Checks across the whole roster (all files of a folder): duplicates, references, manager cycles, and what
// Ramp refuses through its API. Each issue is reported at the value that causes it.
import type { DepartmentEntry, LocationEntry, Located, UserEntry } from "./entries.js";
import { ADMIN_ROLE, emailKey, OWNER_ROLE } from "../ramp-facts.js";
import { describeCharacter } from "./email.js";
import { error, warning } from "./errors.js";
import type { RosterIssue, SourcePosition } from "./model.js";
import { startOfFile } from "./positions.js";
import { deactivationHasPassed, pastDeactivationMessage, pastStartMessage } from "./past-deactivations.js";
import { describeRole } from "./roles.js";
import { didYouMean, type SuggestionBudget } from "./suggest.js";

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
  /** Today (`YYYY-MM-DD`, UTC): when given, an active user's `deactivateOn` before it is a warning. */
  today?: string;
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

type OrgKind = "department" | "location";

/**
 * What an entry's former identities (`renamedFrom`, `formerEmails`) must satisfy, and how to say it. The engine
 * aliases each former identity to its entry, so a former identity is not the entry's own (a change of case is no
 * change), not another entry's current one (that entry's resource would be carried over while it still wants it),
 * and given once (one old resource cannot become two).
 */
interface FormerIdentityRules<E> {
  key: (value: string) => string;
  current: (entry: E) => Located<string> | undefined;
  formers: (entry: E) => readonly Located<string>[];
  own: (value: string, sameCase: boolean) => string;
  takenBy: (value: string, owner: Located<string>, at: SourcePosition) => string;
  duplicate: (value: string, spelt: string, where: string) => string;
  givenByTwo: (value: string, first: E, where: string) => string;
}

function checkFormerIdentities<E>(entries: readonly E[], rules: FormerIdentityRules<E>, out: RosterIssue[]): void {
  const currentByKey = new Map<string, Located<string>>();
  for (const entry of entries) {
    const current = rules.current(entry);
    if (current && !currentByKey.has(rules.key(current.value))) currentByKey.set(rules.key(current.value), current);
  }
  const seen = new Map<string, { entry: E; former: Located<string> }>();
  for (const entry of entries) {
    const own = rules.current(entry);
    for (const former of rules.formers(entry)) {
      const key = rules.key(former.value);
      if (own && key === rules.key(own.value)) {
        out.push(error(former.at, rules.own(former.value, former.value === own.value)));
        continue;
      }
      const owner = currentByKey.get(key);
      if (owner) {
        out.push(error(former.at, rules.takenBy(former.value, owner, former.at)));
        continue;
      }
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { entry, former });
      } else if (first.entry === entry) {
        const spelt = first.former.value === former.value ? "" : ` as '${first.former.value}'`;
        out.push(error(former.at, rules.duplicate(former.value, spelt, where(first.former.at, former.at))));
      } else {
        out.push(error(former.at, rules.givenByTwo(former.value, first.entry, where(first.former.at, former.at))));
      }
    }
  }
}

function formerNameRules(kind: OrgKind): FormerIdentityRules<DepartmentEntry> {
  return {
    key: (value) => value.toLowerCase(),
    current: (entry) => ({ value: entry.name, at: entry.at }),
    formers: (entry) => entry.renamedFrom,
    own: (value, sameCase) =>
      sameCase
        ? `'${value}' is this ${kind}'s own name; remove it from 'renamedFrom'`
        : `'${value}' is this ${kind}'s own name in another case: a change of case needs no 'renamedFrom'`,
    takenBy: (value) => `'${value}' is a current ${kind}; a ${kind} cannot have been renamed from it`,
    duplicate: (value, spelt, at) => `duplicate former name '${value}' (first given${spelt} at ${at})`,
    givenByTwo: (value, first, at) =>
      `'${value}' is already a former name of ${kind} '${first.name}' (${at}); a ${kind} cannot have been renamed to two names`,
  };
}

const formerEmailRules: FormerIdentityRules<UserEntry> = {
  key: emailKey,
  current: (user) => user.email,
  formers: (user) => user.formerEmails,
  own: (value, sameCase) =>
    sameCase
      ? `'${value}' is this user's own email; remove it from 'formerEmails'`
      : `'${value}' is this user's own email in another case: emails are compared case-insensitively, so it needs no 'formerEmails'`,
  takenBy: (value, owner, at) =>
    `'${value}' is the current email of another user (${where(owner.at, at)}); a user cannot have had another user's email`,
  duplicate: (value, spelt, at) => `duplicate former email '${value}' (first given${spelt} at ${at})`,
  givenByTwo: (value, first, at) =>
    `'${value}' is already a former email of '${first.email?.value ?? "?"}' (${at}); one email cannot have become two users`,
};

/**
 * Comparisons that "did you mean" may make in one roster (under half a second of them): a roster with thousands of
 * unknown managers, each compared with thousands of emails, would otherwise take minutes. Past it, no suggestion.
 */
const SUGGESTION_COMPARISONS = 500_000;

/** Suggestions for one roster: one per name (the same name gets the same one), within one budget. */
class Suggester {
  private readonly budget: SuggestionBudget = { comparisons: SUGGESTION_COMPARISONS };
  private readonly made = new Map<string, string>();

  hint(kind: string, input: string, candidates: () => readonly string[], maxDistance?: number): string {
    const key = `${kind}\0${input}`;
    let hint = this.made.get(key);
    if (hint === undefined) {
      hint = didYouMean(input, candidates(), maxDistance, this.budget);
      this.made.set(key, hint);
    }
    return hint;
  }
}

/** The names users may refer to, and each former name (lower-cased) → the current name of its entry. */
interface OrgNames {
  declared: string[];
  declaredSet: Set<string>;
  renamedTo: Map<string, string>;
}

function orgNames(entries: readonly DepartmentEntry[]): OrgNames {
  const renamedTo = new Map<string, string>();
  for (const entry of entries) {
    for (const former of entry.renamedFrom) {
      if (!renamedTo.has(former.value.toLowerCase())) renamedTo.set(former.value.toLowerCase(), entry.name);
    }
  }
  const declared = entries.map((e) => e.name);
  return { declared, declaredSet: new Set(declared), renamedTo };
}

function checkReference(
  kind: OrgKind,
  ref: { value: string; at: SourcePosition } | undefined,
  names: OrgNames,
  suggester: Suggester,
  out: RosterIssue[],
): void {
  if (!ref || names.declaredSet.has(ref.value)) return;
  // Users name a department or location by its current name; a former one gets the name to write instead.
  const newName = names.renamedTo.get(ref.value.toLowerCase());
  const hint = newName !== undefined ? ` (renamed to '${newName}')` : suggester.hint(kind, ref.value, () => names.declared);
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

/** Each former email (lower-cased) → the current email of its user, as written. */
function currentEmails(users: readonly UserEntry[]): Map<string, string> {
  const now = new Map<string, string>();
  for (const user of users) {
    if (!user.email) continue;
    for (const former of user.formerEmails) {
      if (!now.has(emailKey(former.value))) now.set(emailKey(former.value), user.email.value);
    }
  }
  return now;
}

interface Known {
  byKey: Map<string, UserEntry>;
  /** The users' emails as written, for suggestions: made once, when first needed. */
  emails: () => readonly string[];
  suggester: Suggester;
  departments: OrgNames;
  locations: OrgNames;
  /** Former email (lower-cased) → the user's email now. */
  emailNow: Map<string, string>;
}

function checkUser(user: UserEntry, known: Known, input: CrossCheckInput, out: RosterIssue[]): void {
  const { byKey } = known;
  if (input.complete) {
    checkReference("department", user.department ?? undefined, known.departments, known.suggester, out);
    checkReference("location", user.location ?? undefined, known.locations, known.suggester, out);
  }
  if (user.role?.value === OWNER_ROLE) {
    out.push(
      error(
        user.role.at,
        `role ${describeRole(OWNER_ROLE)} cannot be invited or assigned through Ramp's API: ` +
          "leave the business owner out of the roster, or choose another role",
      ),
    );
  }
  const role = user.role?.value;
  if (user.deactivateOn && (role === ADMIN_ROLE || role === OWNER_ROLE)) {
    out.push(
      error(
        user.deactivateOn.at,
        `Ramp cannot schedule the deactivation of an ${describeRole(role)}: remove 'deactivateOn' from this user, or choose another role`,
      ),
    );
  }
  const date = user.deactivateOn?.value;
  if (input.today !== undefined && date !== undefined && user.active.value && deactivationHasPassed(date, input.today)) {
    out.push(warning(user.deactivateOn!.at, pastDeactivationMessage(user.email?.value ?? "this user", date)));
  }
  const start = user.startOn;
  if (start && typeof date === "string" && start.value > date) {
    out.push(error(start.at, `startOn ${start.value} is after deactivateOn ${date}: the person would be invited after their access ends; fix one of the dates`));
  }
  if (start && input.today !== undefined && user.active.value && start.value < input.today) {
    out.push(warning(start.at, pastStartMessage(user.email?.value ?? "this user", start.value)));
  }
  const manager = user.manager;
  if (!manager) return;
  if (user.role?.value === ADMIN_ROLE) {
    out.push(
      error(manager.at, `Ramp refuses a manager on an ${describeRole(ADMIN_ROLE)} through its API: remove 'manager' from this user`),
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
    // Managers are named by their current email; a former one gets the email to write instead.
    const now = known.emailNow.get(key);
    if (now !== undefined) {
      out.push(error(manager.at, `unknown manager '${manager.value}' (now '${now}')`));
      return;
    }
    // An email with a look-alike or invisible character is no roster user's (their emails are plain ASCII): say which.
    const odd = /[^\x20-\x7e]/u.exec(manager.value);
    const why = odd
      ? `; character ${[...manager.value.slice(0, odd.index)].length + 1} is ${describeCharacter(odd[0])}`
      : known.suggester.hint("manager", manager.value, known.emails, 2);
    out.push(error(manager.at, `unknown manager '${manager.value}': no user in the roster has this email${why}`));
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
  const order = new Map<UserEntry, number>();
  users.forEach((user, index) => {
    if (!order.has(user)) order.set(user, index);
  });
  const orderOf = (user: UserEntry): number => order.get(user) ?? -1;
  const done = new Set<UserEntry>();
  for (const start of byKey.values()) {
    // The chain of managers from `start`, and where each is in it: a chain of thousands is walked once.
    const path: UserEntry[] = [];
    const onPath = new Map<UserEntry, number>();
    let current: UserEntry | undefined = start;
    while (current && !done.has(current) && !onPath.has(current)) {
      onPath.set(current, path.length);
      path.push(current);
      current = managerOf(current);
    }
    const cycleStart = current ? onPath.get(current) : undefined;
    if (cycleStart !== undefined) {
      const cycle = path.slice(cycleStart);
      const first = cycle.reduce((a, b) => (orderOf(b) < orderOf(a) ? b : a));
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
  checkFormerIdentities(input.departments, formerNameRules("department"), out);
  checkFormerIdentities(input.locations, formerNameRules("location"), out);
  const byKey = usersByKey(input.users);
  checkFormerIdentities(input.users, formerEmailRules, out);
  let emails: string[] | undefined;
  const known: Known = {
    byKey,
    emails: () => (emails ??= [...byKey.values()].flatMap((u) => (u.email ? [u.email.value] : []))),
    suggester: new Suggester(),
    departments: orgNames(input.departments),
    locations: orgNames(input.locations),
    emailNow: currentEmails(input.users),
  };
  for (const user of input.users) checkUser(user, known, input, out);
  checkCycles(input.users, byKey, out);
  if (input.complete && input.users.length === 0) {
    out.push(warning(startOfFile(input.files[0] ?? "roster"), "the roster has no users"));
  }
  return out;
}
