// Roster files' texts → the roster model and every issue found: YAML, then schema, then cross-checks.
// Pure: no file system, so tests and other loaders can call it directly.
import { crossCheck } from "./cross-check.js";
import { collectEntries, type DepartmentEntry, type LocationEntry, type UserEntry } from "./entries.js";
import { emailKey } from "./email.js";
import { error, hasErrors, sortIssues } from "./errors.js";
import type { Roster, RosterDepartment, RosterFileText, RosterIssue, RosterLocation, RosterResult, RosterUser } from "./model.js";
import { startOfFile } from "./positions.js";
import { RosterFileSchema } from "./schema.js";
import { checkPolicy, collectPolicy, toPolicy, type PolicyEntry } from "./policy.js";
import { parseYamlFile } from "./yaml-file.js";
import { toRosterIssues } from "./zod-issues.js";

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
  if (entry.deactivateOn) user.deactivateOn = entry.deactivateOn.value;
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

export function parseRoster(files: readonly RosterFileText[]): RosterResult {
  const paths = files.map((f) => f.path);
  const issues: RosterIssue[] = [];
  const departments: DepartmentEntry[] = [];
  const locations: LocationEntry[] = [];
  const users: UserEntry[] = [];
  const policies: PolicyEntry[] = [];
  let complete = true;

  for (const { path, text } of files) {
    const parsed = parseYamlFile(path, text);
    issues.push(...parsed.issues);
    if (!parsed.readable) {
      complete = false;
      continue;
    }
    if (parsed.empty) continue;
    let data: unknown;
    try {
      data = parsed.file.doc.toJS();
    } catch (e) {
      // e.g. too many aliases (a "billion laughs" document)
      issues.push(error(startOfFile(path), `cannot read the YAML: ${(e as Error).message}`));
      complete = false;
      continue;
    }
    const checked = RosterFileSchema.safeParse(data, { reportInput: true });
    if (!checked.success) issues.push(...toRosterIssues(parsed.file, checked.error.issues));
    const entries = collectEntries(parsed.file, data);
    issues.push(...entries.issues);
    departments.push(...entries.departments);
    locations.push(...entries.locations);
    users.push(...entries.users);
    const policy = collectPolicy(parsed.file, data);
    if (policy) policies.push(policy);
  }

  issues.push(...crossCheck({ files: paths, departments, locations, users, complete }));
  issues.push(...checkPolicy({ files: paths, policies, users, complete }));
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
