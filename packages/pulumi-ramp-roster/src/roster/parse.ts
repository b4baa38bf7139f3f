// Roster files' texts → the roster model and every issue found: YAML, then schema, then cross-checks.
// Pure: no file system, so tests and other loaders can call it directly. Bounded: see limits.ts.
import { crossCheck } from "./cross-check.js";
import { collectEntries, type DepartmentEntry, type LocationEntry, type UserEntry } from "./entries.js";
import { emailKey } from "../ramp-facts.js";
import { error, hasErrors, sortIssues } from "./errors.js";
import type { Roster, RosterDepartment, RosterFileText, RosterIssue, RosterLocation, RosterResult, RosterUser, SourcePosition } from "./model.js";
import { limitMessages, rosterLimits, type RosterLimits } from "./limits.js";
import { startOfFile, valuePosition } from "./positions.js";
import { RosterFileSchema } from "./schema.js";
import { checkPolicy, collectPolicy, toPolicy, type PolicyEntry } from "./policy.js";
import { checkToday } from "./past-deactivations.js";
import { parseYamlFile, type Span, type YamlBudget } from "./yaml-file.js";
import type { YamlFile } from "./positions.js";
import { toRosterIssues } from "./zod-issues.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toUser(entry: UserEntry): RosterUser {
  const { email, firstName, lastName, role } = entry;
  if (!email || firstName === undefined || lastName === undefined || !role) {
    // Each of these is reported as an error, and a roster is only built without errors.
    throw new Error(`internal error: incomplete user entry at ${entry.at.file}:${entry.at.line}:${entry.at.column}`);
  }
  const user: RosterUser = {
    email: email.value,
    key: emailKey(email.value),
    firstName,
    lastName,
    role: role.value,
    active: entry.active.value,
    protect: entry.protect,
    retainOnDelete: entry.retainOnDelete,
    source: entry.at,
  };
  if (entry.formerEmails.length > 0) user.formerEmails = entry.formerEmails.map((former) => emailKey(former.value));
  if (entry.department !== undefined) user.department = entry.department?.value ?? null;
  if (entry.location !== undefined) user.location = entry.location?.value ?? null;
  if (entry.manager) user.manager = emailKey(entry.manager.value);
  if (entry.employeeId !== undefined) user.employeeId = entry.employeeId;
  if (entry.isManager !== undefined) user.isManager = entry.isManager;
  if (entry.deactivateOn !== undefined) user.deactivateOn = entry.deactivateOn?.value ?? null;
  if (entry.startOn !== undefined) user.startOn = entry.startOn.value;
  return user;
}

/** `renamedFrom` only when there are former names: what is not in the roster is not in the model. */
function formerNames(entry: DepartmentEntry): { renamedFrom?: string[] } {
  return entry.renamedFrom.length > 0 ? { renamedFrom: entry.renamedFrom.map((n) => n.value) } : {};
}

function toDepartment(entry: DepartmentEntry): RosterDepartment {
  return { name: entry.name, ...formerNames(entry), source: entry.at };
}

function toLocation(entry: LocationEntry): RosterLocation {
  return {
    name: entry.name,
    ...(entry.entityId === undefined ? {} : { entityId: entry.entityId }),
    ...formerNames(entry),
    source: entry.at,
  };
}

export interface ParseRosterOptions {
  /** Limits other than the defaults (`ROSTER_LIMITS`), e.g. tighter ones. */
  limits?: Partial<RosterLimits>;
  /**
   * Today (`YYYY-MM-DD`, UTC, e.g. `todayUtc()`): when given, an active user's `deactivateOn` that has passed is a
   * warning. Without it the check is left out, so that parsing stays independent of the clock.
   */
  today?: string;
}

/** Whether `at` lies in a part of `file` that a syntax error damaged. */
function inDamage(file: YamlFile, damaged: readonly Span[], at: SourcePosition): boolean {
  if (damaged.length === 0 || at.file !== file.path) return false;
  const offset = (file.lineCounter.lineStarts[at.line - 1] ?? 0) + at.column - 1;
  return damaged.some(([start, end]) => start <= offset && offset <= end);
}

/** `list.push(...more)` passes every element as an argument, which overflows the stack for a large `more`. */
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

export function parseRoster(files: readonly RosterFileText[], options: ParseRosterOptions = {}): RosterResult {
  const limits = rosterLimits(options.limits);
  const paths = files.map((f) => f.path);
  const issues: RosterIssue[] = [];
  const departments: DepartmentEntry[] = [];
  const locations: LocationEntry[] = [];
  const users: UserEntry[] = [];
  const policies: PolicyEntry[] = [];
  const budget: YamlBudget = { limits, tokens: 0 };
  let totalBytes = 0;
  let userCount = 0;
  let complete = true;

  // A limit of the whole roster (bytes, tokens, users), once broken, is not reported again for each file after it.
  for (const { path, text } of files) {
    const bytes = Buffer.byteLength(text, "utf8");
    totalBytes += bytes;
    if (bytes > limits.fileBytes || totalBytes > limits.totalBytes) {
      const message =
        bytes > limits.fileBytes ? limitMessages.fileBytes(bytes, limits.fileBytes) : limitMessages.totalBytes(totalBytes, limits.totalBytes);
      issues.push(error(startOfFile(path), message));
      complete = false;
      if (totalBytes > limits.totalBytes) break;
      continue;
    }
    const parsed = parseYamlFile(path, text, budget);
    append(issues, parsed.issues);
    if (budget.tokens > limits.tokens) {
      complete = false;
      break;
    }
    if (!parsed.readable) {
      complete = false;
      continue;
    }
    if (parsed.empty) continue;
    let data: unknown;
    try {
      // Aliases were checked by parseYamlFile, with positions; yaml's own check would also refuse a scalar aliased
      // more than 100 times.
      data = parsed.file.doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      issues.push(error(startOfFile(path), `cannot read the YAML: ${(e as Error).message}`));
      complete = false;
      continue;
    }
    const fileUsers = isRecord(data) && Array.isArray(data.users) ? data.users.length : 0;
    if (userCount + fileUsers > limits.users) {
      issues.push(error(valuePosition(parsed.file, ["users", limits.users - userCount]), limitMessages.users(limits.users)));
      complete = false;
      break;
    }
    userCount += fileUsers;
    // What a syntax error damaged is neither reported (the error says it) nor used; the rest is checked as usual.
    const { file, damaged } = parsed;
    if (damaged.length > 0) complete = false;
    const intact = <T extends { at: SourcePosition }>(items: readonly T[]) => items.filter((item) => !inDamage(file, damaged, item.at));
    const intactIssues = (found: readonly RosterIssue[]) => found.filter((issue) => !inDamage(file, damaged, issue));
    const checked = RosterFileSchema.safeParse(data, { reportInput: true });
    if (!checked.success) append(issues, intactIssues(toRosterIssues(file, checked.error.issues)));
    const entries = collectEntries(file, data);
    append(issues, intactIssues(entries.issues));
    append(departments, intact(entries.departments));
    append(locations, intact(entries.locations));
    append(users, intact(entries.users));
    const policy = collectPolicy(file, data);
    if (policy && !inDamage(file, damaged, policy.at)) policies.push(policy);
  }

  const today = options.today === undefined ? undefined : checkToday(options.today);
  append(issues, crossCheck({ files: paths, departments, locations, users, complete, today }));
  append(issues, checkPolicy({ files: paths, policies, users, complete }));
  const sorted = sortIssues(issues, paths);
  if (hasErrors(sorted)) return { issues: sorted };
  const roster: Roster = {
    files: paths,
    departments: departments.map(toDepartment),
    locations: locations.map(toLocation),
    users: users.map(toUser),
  };
  if (policies[0]) roster.policy = toPolicy(policies[0]);
  return { roster, issues: sorted };
}
